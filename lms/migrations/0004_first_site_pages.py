"""A fresh site is ours: the home page, the module catalogue, the sessions index and the footer pages.

Wagtail's own migrations leave a plain "Welcome to your new Wagtail site!" page as the default site's root;
this replaces it, as `wagtail start`'s project template does, so that `migrate` on an empty database serves
the platform's pages and production never needs the demo loader. It only adds what is missing: a home page
of ours, or a page already at one of these addresses, is left exactly as an editor made it, and running the
function again changes nothing. The pages are written with the historical models, so the text below is the
text of this release; editors change it in the admin afterwards.
"""
import uuid

from django.db import migrations
from django.utils import timezone

# Wagtail's page tree (django-treebeard's materialised path): four base-36 digits per level.
STEP_LENGTH = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

HOME = {
    "title": "Training to prevent serious violence",
    "introduction": "Free training for people who work with children, young people and adults affected by "
    "violence, and free bleeding-control sessions for schools.",
    "body": [
        ("heading", "What you can do here"),
        (
            "paragraph",
            "<p>If you work for a partner agency (police, council, health, fire and rescue, probation, youth "
            "justice, a school or a voluntary group) you can take short online modules on trauma-informed "
            "practice. You can stop at any time and carry on where you left off, and you get a certificate "
            "you can share with your employer.</p>"
            "<p>If you work in a school, you can book a bleeding-control session for a class.</p>",
        ),
        (
            "call_to_action",
            {
                "heading": "Online modules",
                "text": "Learn why people may react the way they do after trauma, and how to respond.",
                "link_text": "See the modules",
                "link_url": "/modules/",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Sessions for schools",
                "text": "An instructor visits your school and teaches pupils what to do if someone is badly hurt.",
                "link_text": "See the sessions",
                "link_url": "/sessions/",
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Check a certificate",
                "text": "Employers and schools can check that a certificate is real and still valid.",
                "link_text": "Check a certificate",
                "link_url": "/certificates/verify/",
            },
        ),
    ],
}

CATALOGUE = {
    "slug": "modules",
    "title": "Modules",
    "introduction": "Short online modules for staff of partner agencies. Take them at your own pace: you can "
    "stop at any time and carry on where you left off.",
}

SESSIONS = {
    "slug": "sessions",
    "title": "Bleeding-control sessions for schools",
    "introduction": "Free sessions in which an instructor teaches pupils what to do if someone is badly hurt and "
    "bleeding. Choose a session to see who it suits and what your school needs to provide.",
}

DRAFT = (
    "<p><b>Draft: the partnership must complete and approve this page before the site goes live.</b> "
    "Replace the parts in square brackets and add your contact details under Settings, Service details.</p>"
)

STANDARD_PAGES = [
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "introduction": "How the partnership uses the information you give us.",
        "show_service_details": True,
        "body": DRAFT + "<h2>What we hold</h2>"
        "<p>If you create an account we hold your name, work email address, organisation, job role and area, the "
        "modules you take and your results, and the certificates you are given. We use them so that you can "
        "sign in, carry on where you left off and show your certificates, and so that the partnership can see "
        "how many staff of each agency are trained.</p>"
        "<p>When a school books a session we hold the teacher's name and work email address and, for each class, "
        "how many pupils came and their year group. We never ask for pupils' names.</p>"
        "<h2>Who can see it</h2>"
        "<p>Partnership staff can see everyone's training records. The training lead of your organisation can "
        "see the records of its own staff. Anyone you give a certificate's code to can check that the "
        "certificate is real. [Name any other organisation that processes this information for the "
        "partnership, such as the company that hosts the site.]</p>"
        "<h2>Your rights</h2>"
        "<p>You can download everything we hold about you, or delete your account, from your account page. You "
        "can also ask us to correct anything that is wrong. If you are unhappy with how we use your information, "
        "you can complain to the Information Commissioner's Office (ico.org.uk).</p>",
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "introduction": "We want as many people as possible to be able to use this website.",
        "show_service_details": True,
        "body": DRAFT + "<p>You should be able to:</p><ul>"
        "<li>change colours, contrast and fonts using your browser</li>"
        "<li>zoom in up to 400% without the text spilling off the screen</li>"
        "<li>use the whole site with just a keyboard</li>"
        "<li>use the site with a screen reader</li></ul>"
        "<h2>How accessible this website is</h2>"
        "<p>We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA. [Say here "
        "when the site was last tested, who tested it, and list anything that does not yet meet the "
        "guidelines, such as an interactive activity or a document.]</p>"
        "<h2>Reporting problems</h2>"
        "<p>If you find a problem, or need a module in another format, email us and tell us the page address "
        "and what went wrong. [Say how quickly you will reply.]</p>"
        "<h2>Enforcement</h2>"
        "<p>The Equality and Human Rights Commission is responsible for enforcing the accessibility regulations. "
        "If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support "
        "Service (EASS).</p>",
    },
    {
        "slug": "cookies",
        "title": "Cookies",
        "introduction": "We only use cookies that make the site work.",
        "show_service_details": False,
        "body": "<p>We use one cookie to keep you signed in and one that protects the forms you fill in from "
        "misuse. Both are needed for the site to work, so we do not ask for your consent to them. We do not "
        "use cookies for analytics or advertising.</p>",
    },
]


def _step(number: int) -> str:
    digits = ""
    for _ in range(STEP_LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits


class _Tree:
    """Adds pages to Wagtail's tree with historical models, which have none of treebeard's methods."""

    def __init__(self, apps):
        self.Page = apps.get_model("wagtailcore", "Page")
        self.ContentType = apps.get_model("contenttypes", "ContentType")
        self.now = timezone.now()

    def children(self, parent):
        return self.Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)

    def recount(self, parent) -> None:
        self.Page.objects.filter(pk=parent.pk).update(numchild=self.children(parent).count())

    def add_child(self, parent, model, *, slug: str, title: str, **fields):
        last = self.children(parent).order_by("-path").values_list("path", flat=True).first()
        step = int(last[-STEP_LENGTH:], len(ALPHABET)) + 1 if last else 1
        content_type, _ = self.ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        page = model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=parent.path + _step(step),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            first_published_at=self.now,
            last_published_at=self.now,
            **fields,
        )
        self.recount(parent)
        return page


def _stream(blocks) -> list[dict]:
    return [{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in blocks]


def _is_wagtail_starter_page(page, page_content_type_id) -> bool:
    """The page Wagtail's first migration makes: a plain Page with nothing under it (so nothing to lose)."""
    return page.content_type_id == page_content_type_id and page.depth == 2 and page.numchild == 0


def create_first_site_pages(apps, schema_editor) -> None:
    tree = _Tree(apps)
    Page = tree.Page
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("lms", "HomePage")
    StandardPage = apps.get_model("lms", "StandardPage")
    CourseCatalogPage = apps.get_model("courses", "CourseCatalogPage")
    SessionTypeIndexPage = apps.get_model("schools", "SessionTypeIndexPage")

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return  # no page tree at all (Wagtail's migrations make one): nothing to attach pages to
    page_type, _ = tree.ContentType.objects.get_or_create(app_label="wagtailcore", model="page")

    home = HomePage.objects.order_by("path").first()
    if home is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        starter = site.root_page if site and _is_wagtail_starter_page(site.root_page, page_type.pk) else None
        slug = "home"
        if tree.children(root).filter(slug=slug).exclude(pk=starter.pk if starter else None).exists():
            slug = "training"  # an editor's own page already has the address "home"
        home = tree.add_child(
            root, HomePage, slug=slug, title=HOME["title"], introduction=HOME["introduction"],
            body=_stream(HOME["body"]),
        )
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        elif starter is not None:
            # Point the site at the new page before deleting the old one: deleting a site's root deletes the site.
            site.root_page = home
            site.save(update_fields=["root_page"])
            if not Site.objects.filter(root_page=starter).exists():
                Page.objects.filter(pk=starter.pk).delete()
                tree.recount(root)

    def missing(model, slug: str, *, one_per_site: bool) -> bool:
        if one_per_site and model.objects.exists():
            return False
        return not tree.children(home).filter(slug=slug).exists()

    if missing(CourseCatalogPage, CATALOGUE["slug"], one_per_site=True):
        tree.add_child(home, CourseCatalogPage, **CATALOGUE)
    if missing(SessionTypeIndexPage, SESSIONS["slug"], one_per_site=True):
        tree.add_child(home, SessionTypeIndexPage, **SESSIONS)
    for fields in STANDARD_PAGES:
        if missing(StandardPage, fields["slug"], one_per_site=False):
            tree.add_child(home, StandardPage, **fields)


class Migration(migrations.Migration):
    dependencies = [
        ("lms", "0003_merge_0002_failedtask_0002_service_settings"),
        ("courses", "0007_merge_20261202_0634"),
        ("schools", "0002_booking_emails_settings_feed"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back leaves the pages where they are: by then editors may have changed them, and Wagtail's
    # starter page held nothing worth restoring.
    operations = [migrations.RunPython(create_first_site_pages, migrations.RunPython.noop)]
