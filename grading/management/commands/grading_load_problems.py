from django.core.management.base import BaseCommand

from grading import starter


class Command(BaseCommand):
    help = "Load the starter coding-test problems (Korean statements with English); existing ones are kept."

    def handle(self, *args, **options):
        for problem in starter.load():
            spec = problem.latest_spec
            self.stdout.write(f"{problem.pk}\t{problem.slug}\tv{spec.version}\t{spec.tests.count()} tests")
