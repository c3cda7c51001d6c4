"""The data-field catalogue: SIASN's field names as its public clients use them (data-utama of a PNS)."""

from django.db import migrations

# (code, label, data type, sensitivity, description)
FIELDS = [
    ("nipBaru", "NIP", "nip", "personal", "Nomor Induk Pegawai 18 digit."),
    ("nipLama", "NIP lama", "identifier", "personal", "Nomor Induk Pegawai 9 digit (lama)."),
    ("nama", "Nama", "text", "personal", "Nama lengkap tanpa gelar."),
    ("gelarDepan", "Gelar depan", "text", "limited", ""),
    ("gelarBelakang", "Gelar belakang", "text", "limited", ""),
    ("tempatLahir", "Tempat lahir", "text", "personal", ""),
    ("tglLahir", "Tanggal lahir", "date", "personal", ""),
    ("jenisKelamin", "Jenis kelamin", "text", "personal", "L (laki-laki) atau P (perempuan)."),
    ("agama", "Agama", "text", "personal", ""),
    ("email", "E-mail", "text", "personal", ""),
    ("noHp", "Nomor telepon seluler", "text", "personal", ""),
    ("alamat", "Alamat", "text", "personal", ""),
    ("jenisPegawaiNama", "Jenis pegawai", "text", "limited", ""),
    ("kedudukanPnsNama", "Kedudukan PNS", "text", "limited", "Aktif, CLTN, pensiun, dan sebagainya."),
    ("statusPegawai", "Status pegawai", "text", "limited", "CPNS atau PNS."),
    ("tmtCpns", "TMT CPNS", "date", "limited", "Terhitung mulai tanggal sebagai CPNS."),
    ("nomorSkCpns", "Nomor SK CPNS", "text", "limited", ""),
    ("tmtPns", "TMT PNS", "date", "limited", "Terhitung mulai tanggal sebagai PNS."),
    ("nomorSkPns", "Nomor SK PNS", "text", "limited", ""),
    ("pendidikanTerakhirNama", "Pendidikan terakhir", "text", "limited", ""),
    ("tahunLulus", "Tahun lulus", "integer", "limited", ""),
    ("golRuangAwal", "Golongan/ruang awal", "text", "limited", "mis. III/a."),
    ("golRuangAkhir", "Golongan/ruang akhir", "text", "limited", "mis. III/b."),
    ("pangkatAkhir", "Pangkat akhir", "text", "limited", "mis. Penata Muda Tingkat I."),
    ("tmtGolAkhir", "TMT golongan akhir", "date", "limited", ""),
    ("masaKerja", "Masa kerja", "text", "limited", "Tahun dan bulan."),
    ("jenisJabatan", "Jenis jabatan", "text", "open", "Struktural, fungsional tertentu, pelaksana."),
    ("jabatanNama", "Nama jabatan", "text", "open", ""),
    ("jabatanFungsionalId", "ID jabatan fungsional", "identifier", "open", "Referensi jabatan fungsional SIASN."),
    ("jabatanFungsionalNama", "Jabatan fungsional", "text", "open", "mis. Penggerak Swadaya Masyarakat Ahli Muda."),
    ("jabatanStrukturalNama", "Jabatan struktural", "text", "open", ""),
    ("tmtJabatan", "TMT jabatan", "date", "limited", ""),
    ("eselon", "Eselon", "text", "open", ""),
    ("unorId", "ID unit organisasi", "identifier", "open", "Referensi unit organisasi SIASN."),
    ("unorNama", "Unit organisasi", "text", "open", ""),
    ("unorIndukNama", "Unit organisasi induk", "text", "open", ""),
    ("instansiIndukNama", "Instansi induk", "text", "open", ""),
    ("instansiKerjaNama", "Instansi kerja", "text", "open", ""),
    ("lokasiKerja", "Lokasi kerja", "text", "open", ""),
]


def load(apps, schema_editor):
    DataField = apps.get_model("exchange", "DataField")
    for order, (code, label, data_type, sensitivity, description) in enumerate(FIELDS, start=1):
        DataField.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "data_type": data_type,
                "sensitivity": sensitivity,
                "description": description,
                "order": order * 10,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("exchange", "DataField").objects.filter(code__in=[f[0] for f in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
