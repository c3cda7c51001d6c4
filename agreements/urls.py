from django.urls import path

from agreements import views, views_teams

app_name = "agreements"


def action(route: str, name: str, *, target: bool = False):
    """Each lifecycle action has its own URL name; one view serves them all."""
    suffix = "<int:target_pk>/" if target else ""
    return path(
        f"<int:pk>/{route}/{suffix}", views.agreement_action, {"action": name}, name=f"agreement_{name}"
    )


urlpatterns = [
    path("", views.agreement_list, name="agreement_list"),
    path("baru/", views.agreement_create, name="agreement_create"),
    path("tim/", views_teams.teams, name="teams"),
    path("undangan/", views_teams.invitation_list, name="invitation_list"),
    path("undangan/<int:pk>/", views_teams.invitation_detail, name="invitation_detail"),
    path("undangan/<int:pk>/terima/", views_teams.invitation_accept, name="invitation_accept"),
    path("undangan/<int:pk>/tolak/", views_teams.invitation_decline, name="invitation_decline"),
    path("undangan/<int:pk>/tarik/", views_teams.invitation_withdraw, name="invitation_withdraw"),
    path("<int:pk>/tim/tambah/", views_teams.team_member_add, name="team_member_add"),
    path(
        "<int:pk>/tim/<int:member_pk>/keluarkan/", views_teams.team_member_remove, name="team_member_remove"
    ),
    path("<int:pk>/tim/<int:member_pk>/hak/", views_teams.team_member_rights, name="team_member_rights"),
    path("<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("<int:pk>/ubah/", views.agreement_update, name="agreement_update"),
    path("<int:pk>/naskah.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/surat/<int:letter_pk>.pdf", views.letter_pdf, name="letter_pdf"),
    path("<int:agreement_pk>/dokumen/<int:doc_pk>/", views.document_download, name="document_download"),
    action("tanda-tangan", "sign"),
    action("perpanjangan", "extend"),
    action("adendum", "amend"),
    action("pemberitahuan", "notice"),
    action("pengakhiran", "terminate"),
    action("keadaan-kahar", "fm_record"),
    action("keadaan-kahar/pemberitahuan", "fm_notify", target=True),
    action("keadaan-kahar/berakhir", "fm_end", target=True),
    action("perselisihan", "dispute"),
    action("perselisihan/tahap", "dispute_advance", target=True),
    action("monev", "monev"),
    action("kewajiban", "obligation"),
    action("kewajiban/dipenuhi", "due_meet", target=True),
    action("kewajiban/dikesampingkan", "due_waive", target=True),
    action("kontak", "contact"),
    action("kontak/berakhir", "contact_end", target=True),
    action("dokumen/unggah", "document"),
    action("dokumen/paraf", "paraf", target=True),
    action("surat", "letter"),
    action("surat/masuk", "letter_incoming"),
]
