from io import StringIO

from django.core.management import call_command

from tandem.accounts.models import User
from tandem.fellowship.models import Meeting, SavedPlace
from tandem.recovery.models import CheckIn, Slip
from tandem.sharing import gate
from tandem.sharing.models import Link


def test_demo_data_makes_the_promised_people_and_history(db):
    out = StringIO()
    call_command("demo_data", "--days", "40", stdout=out)
    text = out.getvalue()
    for email in ("therapist@demo.test", "robin@demo.test", "jordan@demo.test", "casey@demo.test", "sam@demo.test"):
        assert email in text
    casey = User.objects.get(email="casey@demo.test")
    assert CheckIn.objects.filter(owner=casey).count() == 40
    assert Slip.objects.filter(owner=casey).exists()
    therapist = User.objects.get(email="therapist@demo.test")
    robin = User.objects.get(email="robin@demo.test")
    assert gate.visible_scopes(User.objects.get(email="sam@demo.test"), robin) == {"sobriety"}
    assert Link.objects.filter(owner=robin, member=therapist, status="active").exists()
    # The demo therapist has not set up two-step sign-in yet, so the gate still says no.
    assert robin not in gate.owners_sharing(therapist, "sobriety")
    # The finder, schedule and attendance have real-looking meetings, and Robin a saved place near them.
    assert Meeting.objects.filter(is_online=True).exists() and Meeting.objects.filter(is_in_person=True).exists()
    assert SavedPlace.objects.filter(owner=robin).exists()
    meetings = Meeting.objects.count()
    call_command("demo_data", stdout=StringIO())  # a second run changes nothing
    assert Meeting.objects.count() == meetings
    assert User.objects.filter(email__endswith="@demo.test").count() == 7
