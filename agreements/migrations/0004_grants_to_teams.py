"""Per-user object grants (django-guardian) on agreements become team memberships.

A party some of whose users held a grant on an agreement keeps a team from now on: those users are its
members, each with exactly the rights their grants gave (the role's defaults widened or narrowed to match;
the edit grant gave the shared-data and own-records rights, and sign-off to a Pimpinan). A party none of
whose users held a grant keeps no team: its users act by the defaults of their roles. The grants moved are
deleted, so rights have one source; going back writes them again from the teams.
"""

from django.db import migrations

EDIT = {"edit_shared", "keep_own"}
BY_GRANT = {
    "change_agreement": EDIT,
    "handle_proposals": {"handle_proposals"},
    "view_personal_data": {"view_personal_data"},
}
STAF = {"edit_shared", "keep_own"}
ROLE_RIGHTS = {
    "Staf": STAF,
    "Petugas penghubung": {"handle_proposals", "view_personal_data"},
    "Pimpinan": STAF | {"sign_off"},
}
ADJUSTABLE = {"edit_shared", "keep_own", "handle_proposals", "view_personal_data", "sign_off"}


def _defaults(user) -> set[str]:
    found: set[str] = set()
    for name in user.groups.values_list("name", flat=True):
        found |= ROLE_RIGHTS.get(name, set())
    return found


def forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    PartyTeam = apps.get_model("agreements", "PartyTeam")
    TeamMember = apps.get_model("agreements", "TeamMember")
    TeamRight = apps.get_model("agreements", "TeamRight")
    content_type = ContentType.objects.filter(app_label="agreements", model="agreement").first()
    if content_type is None:
        return
    grants = UserObjectPermission.objects.filter(
        content_type=content_type, permission__codename__in=list(BY_GRANT)
    ).select_related("user", "permission")
    held: dict[tuple[int, int], set[str]] = {}
    users = {}
    for grant in grants:
        key = (int(grant.object_pk), grant.user_id)
        users[grant.user_id] = grant.user
        rights = held.setdefault(key, set())
        rights |= BY_GRANT[grant.permission.codename]
        if grant.permission.codename == "change_agreement" and "Pimpinan" in set(
            grant.user.groups.values_list("name", flat=True)
        ):
            rights.add("sign_off")
    for (agreement_id, user_id), rights in held.items():
        user = users[user_id]
        party = AgreementParty.objects.filter(agreement_id=agreement_id, institution_id=user.institution_id).first()
        if party is None:
            continue  # a grant of someone whose institution is no party gave nothing, and gives nothing now
        team, _created = PartyTeam.objects.get_or_create(party=party)
        member, _created = TeamMember.objects.get_or_create(team=team, user=user)
        defaults = _defaults(user) & ADJUSTABLE
        for right in sorted(rights - defaults):
            TeamRight.objects.get_or_create(member=member, right=right, defaults={"granted": True})
        for right in sorted(defaults - rights):
            TeamRight.objects.get_or_create(member=member, right=right, defaults={"granted": False})
    grants.delete()


def backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    UserObjectPermission = apps.get_model("guardian", "UserObjectPermission")
    TeamMember = apps.get_model("agreements", "TeamMember")
    content_type = ContentType.objects.filter(app_label="agreements", model="agreement").first()
    if content_type is None:
        return
    perms = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    for member in TeamMember.objects.select_related("team__party", "user"):
        rights = _defaults(member.user) & ADJUSTABLE
        for adjustment in member.adjustments.all():
            (rights.add if adjustment.granted else rights.discard)(adjustment.right)
        for codename, gives in BY_GRANT.items():
            if gives <= rights and codename in perms:
                UserObjectPermission.objects.get_or_create(
                    user=member.user,
                    permission=perms[codename],
                    content_type=content_type,
                    object_pk=str(member.team.party.agreement_id),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0003_teams_and_invitations"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forward, backward)]
