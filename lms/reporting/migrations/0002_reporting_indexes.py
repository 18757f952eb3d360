"""Indexes the reports' date-range aggregates use, on other apps' tables (created here, dropped on reverse)."""
from django.db import migrations

INDEXES = [
    ("reporting_user_joined", "accounts_user", "(date_joined)", ""),
    ("reporting_enrolment_started", "courses_enrolment", "(started_at)", ""),
    ("reporting_enrolment_completed", "courses_enrolment", "(completed_at)", "WHERE completed_at IS NOT NULL"),
    ("reporting_enrolment_withdrawn", "courses_enrolment", "(withdrawn_at)", "WHERE withdrawn_at IS NOT NULL"),
    ("reporting_progress_completed", "courses_lessonprogress", "(completed_at)", "WHERE attempts > 0"),
    ("reporting_progress_updated", "courses_lessonprogress", "(updated_at)", "WHERE attempts > 0"),
    ("reporting_evaluation_submitted", "courses_evaluation", "(submitted_at)", ""),
    ("reporting_booking_created", "schools_sessionbooking", "(created_at)", ""),
    ("reporting_booking_confirmed", "schools_sessionbooking", "(confirmed_at)", "WHERE confirmed_at IS NOT NULL"),
    ("reporting_booking_delivered", "schools_sessionbooking", "(school_id, delivered_at)",
     "WHERE delivered_at IS NOT NULL"),
    ("reporting_booking_delivered_at", "schools_sessionbooking", "(delivered_at)", "WHERE delivered_at IS NOT NULL"),
    ("reporting_booking_cancelled", "schools_sessionbooking", "(cancelled_at)", "WHERE cancelled_at IS NOT NULL"),
    ("reporting_feedback_submitted", "schools_sessionfeedback", "(submitted_at)", ""),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_report_export"),
        ("accounts", "0001_initial"),
        ("certificates", "0001_initial"),
        ("courses", "0003_enrolment_withdrawn_evaluation_average_lesson_opened"),
        ("schools", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {table} {columns} {where}".strip(),
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns, where in INDEXES
    ]
