from lixing.orgs.access import SYSTEM
from lixing.orgs.models import OrgKind
from lixing.orgs.rollups import read_totals, rollup_rebuild
from lixing.orgs.services import MEMBERS, WITH_SECRETARY, kind_key, member_transfer, org_move


def _totals(district, key):
    ids = [district.root.pk, district.committee_a.pk, district.committee_b.pk, district.branch_a1.pk]
    t = read_totals(ids, [key], ["all"])
    return [t.get((i, key, "all"), 0) for i in ids]


def test_member_counts_roll_up_to_every_ancestor(district):
    assert _totals(district, MEMBERS) == [10, 7, 3, 5]


def test_transfer_and_move_keep_counts_equal_to_a_rebuild(district):
    member_transfer(actor=SYSTEM, member=district.a1_members[2], to_org=district.branch_b1)
    org_move(actor=SYSTEM, org=district.branch_a2, new_parent=district.committee_b)
    incremental = _totals(district, MEMBERS)
    assert incremental == [10, 4, 6, 4]
    rollup_rebuild()
    assert _totals(district, MEMBERS) == incremental
    assert _totals(district, kind_key(OrgKind.BRANCH)) == [3, 1, 2, 1]


def test_a_secretary_transferred_away_no_longer_holds_the_post(district):
    secretary = district.a1_members[0]
    district.branch_a1.refresh_from_db()
    assert district.branch_a1.secretary_id == secretary.pk
    member_transfer(actor=SYSTEM, member=secretary, to_org=district.branch_b1)
    district.branch_a1.refresh_from_db()
    assert district.branch_a1.secretary_id is None
    before = _totals(district, WITH_SECRETARY)
    rollup_rebuild()
    assert _totals(district, WITH_SECRETARY) == before == [0, 0, 0, 0]


def test_rebuilding_one_source_leaves_the_others_counters_alone(district):
    from lixing.orgs.models import Rollup
    from lixing.orgs.rollups import rollup_bump

    rollup_bump(district.branch_a1, "elsewhere.things", delta=4)
    before = _totals(district, "elsewhere.things")
    assert before == [4, 4, 0, 4]
    members_before = _totals(district, MEMBERS)
    Rollup.objects.filter(key=MEMBERS).update(total=0)
    rollup_rebuild(sources=["orgs"])
    assert _totals(district, MEMBERS) == members_before
    assert _totals(district, "elsewhere.things") == before
