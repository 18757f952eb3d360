"""A fresh site is ours: the first migration's pages, safe to run twice, and the admin's first steps."""
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Page, Site

from accounts import roles
from courses.models import CourseCatalogPage, CoursePage
from lms.models import HomePage, StandardPage
from schools.models import SessionTypeIndexPage

MIGRATION = ("lms", "0004_first_site_pages")
STARTER_TITLE = "Welcome to your new Wagtail site!"
FIRST_PAGES = {"/": "Training to prevent serious violence", "/modules/": "Modules",
               "/sessions/": "Bleeding-control sessions for schools", "/privacy/": "Privacy notice",
               "/accessibility/": "Accessibility statement", "/cookies/": "Cookies"}


def run_migration() -> None:
    """The migration's function, with the models as they were when it was written."""
    historical = MigrationExecutor(connection).loader.project_state(MIGRATION).apps
    import_module("lms.migrations.0004_first_site_pages").create_first_site_pages(historical, None)


@pytest.fixture
def wagtail_starter_site(db):
    """The tree as Wagtail's own migrations leave it: the root, its "Welcome" page and a site pointing at it."""
    from lms.demo import ensure_tree_roots

    Page.objects.filter(depth__gt=1).delete()
    root = ensure_tree_roots()
    starter = root.add_child(instance=Page(title=STARTER_TITLE, slug="home"))
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=starter, is_default_site=True)
    return starter


def tree_counts() -> tuple:
    return (Page.objects.count(), HomePage.objects.count(), CourseCatalogPage.objects.count(),
            SessionTypeIndexPage.objects.count(), StandardPage.objects.count(), Site.objects.count())


def test_migrate_leaves_the_platforms_pages_not_wagtails(client, db):
    # The test database is built by `migrate`, so this is what a new deployment serves.
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title=STARTER_TITLE).exists()
    for path, title in FIRST_PAGES.items():
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "<h1 class=\"govuk-heading-" in page and title in page, path
        assert "css/site" in page, f"{path} links no site stylesheet"
        assert "Wagtail site" not in page, path
    assert "No modules are published yet" in client.get("/modules/").content.decode()
    # The privacy notice and accessibility statement say they are drafts for the partnership to complete.
    for path in ("/privacy/", "/accessibility/"):
        assert "Draft: the partnership must complete and approve this page" in client.get(path).content.decode()


def test_it_replaces_wagtails_starter_page_with_ours(client, wagtail_starter_site):
    run_migration()
    home = Site.objects.get(is_default_site=True).root_page.specific
    assert isinstance(home, HomePage) and home.url_path == "/home/"
    assert not Page.objects.filter(pk=wagtail_starter_site.pk).exists()
    assert {page.slug for page in home.get_children()} == {"modules", "sessions", "privacy", "accessibility",
                                                           "cookies"}
    assert Page.find_problems() == ([], [], [], [], [])  # paths, depths and child counts are consistent
    for path, title in FIRST_PAGES.items():
        response = client.get(path)
        assert response.status_code == 200 and title in response.content.decode(), path


def test_running_it_again_duplicates_nothing(wagtail_starter_site):
    run_migration()
    counts = tree_counts()
    run_migration()
    assert tree_counts() == counts
    assert Page.find_problems() == ([], [], [], [], [])


def test_an_editors_pages_are_kept_and_only_missing_ones_added(site_pages):
    home = HomePage.objects.get()
    home.title = "Our partnership's training"
    home.save_revision().publish()
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.body = "<p>Our own privacy notice, approved by our data protection officer.</p>"
    privacy.save_revision().publish()
    CourseCatalogPage.objects.all().delete()
    own_catalogue = home.add_child(instance=CourseCatalogPage(title="Courses", slug="courses"))
    StandardPage.objects.get(slug="cookies").delete()
    SessionTypeIndexPage.objects.all().delete()

    run_migration()

    assert HomePage.objects.get().title == "Our partnership's training"
    assert "data protection officer" in StandardPage.objects.get(slug="privacy").body
    assert list(CourseCatalogPage.objects.all()) == [own_catalogue]  # one catalogue is all a site has
    assert StandardPage.objects.filter(slug="cookies").count() == 1
    assert SessionTypeIndexPage.objects.child_of(home).get().slug == "sessions"
    assert Page.find_problems() == ([], [], [], [], [])


def test_a_page_an_editor_put_at_home_keeps_its_address(wagtail_starter_site):
    # An editor built on the starter page: it is theirs now, so it stays, and stays the site's root.
    wagtail_starter_site.add_child(instance=Page(title="Our news", slug="news"))
    run_migration()
    assert Page.objects.filter(pk=wagtail_starter_site.pk).exists()
    assert Site.objects.get(is_default_site=True).root_page_id == wagtail_starter_site.pk
    assert HomePage.objects.get().slug == "training"
    assert Page.find_problems() == ([], [], [], [], [])


def test_the_demo_loader_reuses_the_migrations_pages(db):
    from django.core.management import call_command

    before = {model: set(model.objects.values_list("pk", flat=True))
              for model in (HomePage, CourseCatalogPage, SessionTypeIndexPage, StandardPage)}
    assert all(before.values())
    call_command("seed_demo", quiet=True)
    for model, pks in before.items():
        assert set(model.objects.values_list("pk", flat=True)) == pks, model.__name__
    assert CoursePage.objects.exists()


@pytest.mark.parametrize("role, sees_it", [(None, True), (roles.EDITOR, True), (roles.PARTNERSHIP_STAFF, False)])
def test_the_dashboard_says_where_to_add_the_first_module(client, make_user, db, role, sees_it):
    user = make_user(role, is_superuser=role is None, is_staff=role is None)
    client.force_login(user)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    catalogue = CourseCatalogPage.objects.get()
    add_url = reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk])
    assert ("Add your first module" in dashboard and add_url in dashboard) is sees_it
    if sees_it:
        assert client.get(add_url).status_code == 200


def test_the_first_steps_go_once_done(client, make_user, db):
    client.force_login(make_user(None, is_superuser=True, is_staff=True))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Complete the privacy notice" in dashboard and "Complete the accessibility statement" in dashboard
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.save_revision().publish()
    catalogue = CourseCatalogPage.objects.get()
    catalogue.add_child(instance=CoursePage(title="A first module", slug="first", summary="s", audience="a"))
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Add your first module" not in dashboard and "Complete the privacy notice" not in dashboard
    assert "Complete the accessibility statement" in dashboard
