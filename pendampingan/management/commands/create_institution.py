"""Let a new institution in from the command line, with its first coordinator.

    python manage.py create_institution "Yayasan Sumber Daya Lestari" --kind ngo \\
        --coordinator budi.santoso --first-name Budi --last-name Santoso --email budi@example.id

The coordinator sets their own password from the printed link (valid for a few days); it is
e-mailed too when an address is given.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pendampingan import invitations, services
from pendampingan.forms import NewInstitutionForm
from pendampingan.models import Institution


class Command(BaseCommand):
    help = "Create an institution and its first coordinator, and print the link to set their password."

    def add_arguments(self, parser):
        parser.add_argument("name", help="The institution's name")
        parser.add_argument("--kind", default=Institution.Kind.NGO, choices=Institution.Kind.values)
        parser.add_argument("--coordinator", required=True, help="The coordinator's username")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="", help="The coordinator's e-mail, for the link")
        parser.add_argument("--village", default="", help="A village code or name, e.g. 'Lumbir, Banyumas'")

    def handle(self, *args, **options):
        # The same form as the page: the same checks, the same messages.
        form = NewInstitutionForm(
            {
                "name": options["name"],
                "kind": options["kind"],
                "region": options["village"],
                "coordinator_first_name": options["first_name"],
                "coordinator_last_name": options["last_name"],
                "username": options["coordinator"],
                "coordinator_email": options["email"],
            }
        )
        if not form.is_valid():
            problems = [
                f"{form[name].label if name != '__all__' else ''}: {' '.join(errors)}".lstrip(": ")
                for name, errors in form.errors.items()
            ]
            raise CommandError("\n".join(problems))
        try:
            staff = services.institution_create(**form.service_data())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        link, sent = invitations.send(staff)
        self.stdout.write(self.style.SUCCESS(f"{staff.institution.name} was created."))
        self.stdout.write(f"{staff.user.get_username()} sets their password here: {link}")
        if sent:
            self.stdout.write(f"The link was e-mailed to {staff.user.email}.")
