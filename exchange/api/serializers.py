"""Request and response shapes of the web service; the OpenAPI document is generated from these."""

from __future__ import annotations

import re

from rest_framework import serializers
from rest_framework.fields import empty

from exchange.api.choices import VerifyResult

MAX_NIPS = 100
NIP_PATTERN = r"^[0-9]{18}$"
WELL_FORMED_NIP = re.compile(r"[0-9]{18}")
PURPOSE_HELP = (
    "Tujuan penggunaan: huruf butir ruang lingkup perjanjian (Pasal 2), mis. 'a'. Boleh juga lewat header "
    "X-Purpose. / The purpose: the letter of a scope item of the agreement (Pasal 2), e.g. 'a'; the "
    "X-Purpose header works too."
)


class NipField(serializers.RegexField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "NIP, 18 angka / 18 digits")
        super().__init__(NIP_PATTERN, max_length=18, min_length=18, **kwargs)
        self.error_messages["invalid"] = "NIP harus 18 angka. / A NIP has 18 digits."

    def run_validation(self, data=empty):
        # A request carries up to 100 NIPs: a well-formed one is taken as it is, the field's five validators
        # would say the same at many times the cost; anything else gets them and their messages.
        if type(data) is str and WELL_FORMED_NIP.fullmatch(data):
            return data
        return super().run_validation(data)


class PurposeMixin(serializers.Serializer):
    purpose = serializers.CharField(required=False, max_length=40, help_text=PURPOSE_HELP)


class QueryRequestSerializer(PurposeMixin):
    nips = serializers.ListField(child=NipField(), min_length=1, max_length=MAX_NIPS)
    fields = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        max_length=100,
        help_text="Elemen data yang diminta (default: semua dalam Lampiran). / Fields wanted (default: all "
        "in the annex); a field outside the annex is refused.",
    )


class VerifyPersonSerializer(serializers.Serializer):
    nip = NipField()
    values = serializers.DictField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        allow_empty=False,
        help_text="Nilai yang dipegang pemanggil per kode elemen data, mis. {'nama': ..., 'tglLahir': ...}.",
    )


class VerifyRequestSerializer(PurposeMixin):
    persons = serializers.ListField(child=VerifyPersonSerializer(), min_length=1, max_length=MAX_NIPS)


class PartySerializer(serializers.Serializer):
    role = serializers.CharField(help_text="PIHAK KESATU, PIHAK KEDUA, ...")
    institution = serializers.CharField()
    number = serializers.CharField(help_text="Nomor perjanjian pihak ini / this party's agreement number")


class AgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    numbers = PartySerializer(many=True)
    last_day_in_force = serializers.DateField(allow_null=True)


class DirectionSerializer(serializers.Serializer):
    provider = PartySerializer()
    receiver = PartySerializer()


class FieldSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class PurposeSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class QuotaSerializer(serializers.Serializer):
    daily_records = serializers.IntegerField()
    used_today = serializers.IntegerField()
    left_today = serializers.IntegerField()
    resets_at = serializers.DateTimeField()


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    row_count = serializers.IntegerField()


class MeSerializer(serializers.Serializer):
    client_id = serializers.CharField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()
    agreement = AgreementSerializer()
    direction = DirectionSerializer()
    fields = FieldSerializer(many=True)
    purposes = PurposeSerializer(many=True)
    quota = QuotaSerializer()
    version = VersionSerializer(allow_null=True)


class TokenRequestSerializer(serializers.Serializer):
    grant_type = serializers.ChoiceField(choices=["client_credentials"])


class TokenSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.ChoiceField(choices=["Bearer"])
    expires_in = serializers.IntegerField(help_text="detik / seconds (3600)")


RecordValues = serializers.DictField(child=serializers.CharField(allow_null=True))


class QueryResultSerializer(serializers.Serializer):
    nip = serializers.CharField()
    found = serializers.BooleanField()
    data = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        allow_null=True,
        help_text="Elemen data yang diizinkan saja; null bila tidak ditemukan. / Allowed fields only.",
    )


class QueryResponseSerializer(serializers.Serializer):
    version = VersionSerializer()
    fields = serializers.ListField(child=serializers.CharField())
    results = QueryResultSerializer(many=True)


class PullRecordSerializer(serializers.Serializer):
    nip = serializers.CharField()
    data = serializers.DictField(child=serializers.CharField(allow_null=True))


class PullResponseSerializer(serializers.Serializer):
    version = VersionSerializer()
    fields = serializers.ListField(child=serializers.CharField())
    changed_since = serializers.DateTimeField(allow_null=True)
    results = PullRecordSerializer(many=True)
    next_cursor = serializers.CharField(allow_null=True)
    next = serializers.CharField(allow_null=True, help_text="URL halaman berikutnya / next page's URL")


class PullParamsSerializer(serializers.Serializer):
    cursor = serializers.CharField(required=False, max_length=500)
    changed_since = serializers.DateTimeField(required=False)
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=5000, default=1000)


class VerdictSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=VerifyResult.values)
    score = serializers.FloatField(allow_null=True, min_value=0, max_value=1)


class VerifyResultSerializer(serializers.Serializer):
    nip = serializers.CharField()
    found = serializers.BooleanField()
    fields = serializers.DictField(child=VerdictSerializer())


class VerifyResponseSerializer(serializers.Serializer):
    version = VersionSerializer()
    results = VerifyResultSerializer(many=True)


class ProblemMessageSerializer(serializers.Serializer):
    title = serializers.CharField()
    detail = serializers.CharField()


class ProblemMessagesSerializer(serializers.Serializer):
    id = ProblemMessageSerializer()
    en = ProblemMessageSerializer()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, with `code` and both languages in `messages`."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField()
    instance = serializers.CharField(required=False)
    messages = ProblemMessagesSerializer()
    errors = serializers.JSONField(required=False, help_text="Per field (invalid_request)")
    purposes = PurposeSerializer(many=True, required=False)
    fields = serializers.ListField(child=serializers.CharField(), required=False)
    quota = serializers.DictField(child=serializers.IntegerField(), required=False)
