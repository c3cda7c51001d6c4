"""The seed agreement as signed on 9 October 2023: the text of Pasal 1-13, for the demo data."""

CLAUSES = (
    (
        1,
        "TUJUAN KERJA SAMA",
        (
            "Perjanjian Kerja Sama ini bertujuan untuk meningkatkan komitmen, kerja sama, dan sinergi antara "
            "PARA PIHAK untuk pemanfaatan dan pertukaran data dan/atau informasi Aparatur Sipil Negara (ASN) "
            "dalam rangka pengelolaan jabatan fungsional Penggerak Swadaya Masyarakat (PSM) yang lebih baik "
            "dan pemutakhiran data dan/atau informasi Sistem Informasi Aparatur Sipil Negara (SIASN)."
        ),
    ),
    (
        2,
        "RUANG LINGKUP",
        (
            "Ruang lingkup Perjanjian Kerja Sama ini meliputi:\n"
            "a. pertukaran dan pemanfaatan data dan/atau informasi ASN jabatan fungsional PSM; dan\n"
            "b. pertukaran dan pemanfaatan data dan/atau informasi ASN."
        ),
    ),
    (
        3,
        "HAK DAN KEWAJIBAN PIHAK KESATU",
        (
            "(1) PIHAK KESATU mempunyai hak:\n"
            "1. mendapatkan akses terbatas melalui web service dan/atau metode lainnya berupa data dan/atau "
            "informasi kepegawaian ASN sebagaimana rincian data yang tercantum dalam Lampiran yang merupakan "
            "bagian tidak terpisahkan dari Perjanjian Kerja Sama ini dari PIHAK KEDUA; dan\n"
            "2. memperoleh informasi mengenai usulan perbaikan data kepegawaian ASN pada SIASN berdasarkan "
            "daftar perbaikan data dari PIHAK KEDUA.\n"
            "(2) PIHAK KESATU mempunyai kewajiban:\n"
            "1. memberikan akses terbatas melalui web service dan/atau metode lainnya berupa data kepegawaian"
            " ASN jabatan fungsional PSM sebagaimana rincian data yang tercantum dalam Lampiran yang "
            "merupakan bagian tidak terpisahkan dari Perjanjian Kerja Sama ini kepada PIHAK KEDUA;\n"
            "2. menyampaikan berita acara hasil pemadanan data yang dilaksanakan sesuai kebutuhan dan laporan"
            " hasil pemanfaatan serta pertukaran data dan/atau informasi kepegawaian ASN secara berkala "
            "paling sedikit 2 (dua) kali dalam 1 (satu) tahun kepada PIHAK KEDUA;\n"
            "3. menyediakan informasi mengenai usulan perbaikan data dan/atau informasi kepegawaian ASN pada "
            "SIASN kepada PIHAK KEDUA; dan\n"
            "4. menyelesaikan permasalahan data dan/atau informasi kepegawaian ASN yang diterima dari PIHAK "
            "KEDUA sesuai dengan ketentuan peraturan perundang-undangan."
        ),
    ),
    (
        4,
        "HAK DAN KEWAJIBAN PIHAK KEDUA",
        (
            "(1) PIHAK KEDUA mempunyai hak:\n"
            "1. mendapatkan akses terbatas melalui web service dan/atau metode lainnya berupa data "
            "kepegawaian ASN jabatan fungsional PSM sebagaimana rincian data yang tercantum dalam Lampiran "
            "yang merupakan bagian tidak terpisahkan dari Perjanjian Kerja Sama ini dari PIHAK KESATU; dan\n"
            "2. menerima berita acara hasil pemadanan data yang dilaksanakan sesuai kebutuhan dan laporan "
            "hasil pemanfaatan serta pertukaran data dan/atau informasi kepegawaian ASN secara berkala paling"
            " sedikit 2 (dua) kali dalam 1 (satu) tahun dari PIHAK KESATU.\n"
            "(2) PIHAK KEDUA mempunyai kewajiban:\n"
            "1. memberikan akses terbatas melalui web service dan/atau metode lainnya berupa data dan/atau "
            "informasi kepegawaian ASN sebagaimana rincian data yang tercantum dalam Lampiran yang merupakan "
            "bagian tidak terpisahkan dari Perjanjian Kerja Sama ini kepada PIHAK KESATU; dan\n"
            "2. menyelesaikan permasalahan data dan/atau informasi kepegawaian ASN yang diterima dari PIHAK "
            "KESATU sesuai dengan ketentuan peraturan perundang-undangan."
        ),
    ),
    (
        5,
        "PEMBIAYAAN",
        (
            "Biaya yang timbul sebagai akibat dari pelaksanaan Perjanjian Kerja Sama ini dibebankan pada "
            "anggaran masing-masing PIHAK sesuai dengan tugas, wewenang, dan tanggung jawab masing-masing "
            "PIHAK berdasarkan ketentuan peraturan perundang-undangan."
        ),
    ),
    (
        6,
        "JANGKA WAKTU",
        (
            "(1) Perjanjian Kerja Sama ini berlaku untuk jangka waktu 2 (dua) tahun terhitung sejak "
            "penandatanganan Perjanjian Kerja Sama ini dan dapat diperpanjang atau diakhiri atas kesepakatan "
            "PARA PIHAK.\n"
            "(2) Dalam hal salah satu PIHAK berkeinginan untuk memperpanjang atau mengakhiri Perjanjian Kerja"
            " Sama ini sebelum jangka waktu sebagaimana dimaksud pada ayat (1) berakhir, PIHAK tersebut wajib"
            " memberitahukan secara tertulis kepada PIHAK lainnya, paling lambat 1 (satu) bulan sebelum "
            "Perjanjian Kerja Sama ini berakhir atau diakhiri.\n"
            "(3) Dalam hal Perjanjian Kerja Sama tidak diperpanjang atau diakhiri sebelum jangka waktu "
            "berakhir sebagaimana dimaksud pada ayat (1), maka pengakhiran Perjanjian Kerja Sama ini tidak "
            "menghapuskan tugas dan tanggung jawab PARA PIHAK yang harus diselesaikan sebagai akibat "
            "pelaksanaan Perjanjian Kerja Sama ini."
        ),
    ),
    (
        7,
        "PEMANTAUAN DAN EVALUASI",
        (
            "PARA PIHAK baik secara sendiri maupun bersama-sama mengadakan pemantauan dan evaluasi terhadap "
            "Perjanjian Kerja Sama ini secara berkala paling sedikit 2 (dua) kali dalam 1 (satu) tahun atau "
            "diadakan sewaktu-waktu sesuai kebutuhan dan kesepakatan PARA PIHAK."
        ),
    ),
    (
        8,
        "KORESPONDENSI",
        (
            "PARA PIHAK sepakat akan melakukan korespondensi, agar Perjanjian Kerja Sama dapat berjalan baik "
            "dengan menunjuk perwakilan dari PARA PIHAK.\n"
            "a. PIHAK KESATU\n"
            "Kepala Biro Hubungan Masyarakat, Sekretariat Jenderal\n"
            "Kementerian Desa, Pembangunan Daerah Tertinggal, dan Transmigrasi\n"
            "Jalan Taman Makam Pahlawan Kalibata Nomor 17, Jakarta Selatan 12750, Lantai 1\n"
            "Telp. : (021) 791 98670\n"
            "Email : humas@kemendes.go.id\n"
            "b. PIHAK KEDUA\n"
            "Direktur Pengelolaan Data dan Penyajian Informasi Kepegawaian\n"
            "Badan Kepegawaian Negara\n"
            "Jalan Mayjen Sutoyo Nomor 12 Cililitan Jakarta Timur\n"
            "Telp. : (021) 8093008 ext. 2101\n"
            "Email : pdpik@bkn.go.id"
        ),
    ),
    (
        9,
        "KERAHASIAAN DAN KEAMANAN DATA",
        (
            "(1) PARA PIHAK bertanggung jawab atas segala kerahasiaan data, informasi, dan keterangan, baik "
            "yang tertulis maupun tidak tertulis, dan informasi lain yang berkaitan dengan kerahasiaan data "
            "kepegawaian sebagaimana diatur oleh ketentuan peraturan perundang-undangan.\n"
            "(2) Masing-masing PIHAK wajib melakukan segala tindakan yang diperlukan untuk mencegah "
            "kemungkinan terjadinya kelalaian dan/atau penyalahgunaan data dan informasi dimaksud.\n"
            "(3) Masing-masing PIHAK dilarang mengungkapkan atau memberikan data, informasi atau dokumen "
            "dalam bentuk apapun yang diperoleh PARA PIHAK karena adanya Perjanjian Kerja Sama ini kecuali:\n"
            "a. ada persetujuan tertulis dari PARA PIHAK;\n"
            "b. ada perintah dari Pengadilan atau instansi lain yang berwenang; dan\n"
            "c. ditetapkan sebaliknya oleh peraturan perundang-undangan.\n"
            "(4) Data, informasi, dan dokumen sebagaimana dimaksud pada ayat (3) huruf a, hanya boleh "
            "digunakan untuk melaksanakan Perjanjian Kerja Sama dan tidak boleh digunakan untuk kepentingan "
            "lain di luar pelaksanaan Perjanjian Kerja Sama.\n"
            "(5) PARA PIHAK wajib memastikan bahwa semua pegawai dan/atau pihak terafiliasi dari masing-"
            "masing PIHAK mematuhi kewajiban menjaga kerahasiaan data dan informasi sehubungan dengan "
            "Perjanjian Kerja Sama ini.\n"
            "(6) PARA PIHAK sepakat bahwa ketentuan pasal ini akan tetap berlaku seterusnya meskipun "
            "Perjanjian Kerja Sama berakhir karena sebab apapun.\n"
            "(7) PIHAK yang memanfaatkan segala data, informasi, dan keterangan yang diperolehnya bertanggung"
            " jawab secara penuh apabila melakukan pelanggaran terhadap Perjanjian Kerja Sama ini dan/atau "
            "perbuatan lain yang terkategori perbuatan pidana dan/atau perbuatan melawan hukum termasuk "
            "tetapi tidak terbatas pada kebocoran data yang patut diduga karena penyalahgunaan data, yang "
            "dapat mengakibatkan kerugian dan/atau permasalahan hukum atas perbuatan tersebut.\n"
            "(8) PIHAK penerima data membebaskan PIHAK pemberi data dari segala tuntutan hukum akibat "
            "pelanggaran atas ketentuan dalam Perjanjian Kerja Sama ini yang dilakukan dan/atau akibat "
            "kelalaian PIHAK penerima data, pegawainya maupun pelaksana yang ditunjuk yang menyebabkan "
            "hilangnya kerahasiaan informasi dan/atau data terkait Perjanjian Kerja Sama ini.\n"
            "(9) PIHAK penerima data menerapkan prinsip-prinsip keamanan dalam pengaksesan, pengiriman, "
            "pengolahan, dan penyimpanan data.\n"
            "(10) Kebocoran data yang diakibatkan kelalaian yang bersumber dari PIHAK penerima data maka akan"
            " menjadi tanggung jawab sepenuhnya PIHAK penerima data, termasuk pertanggungjawaban terhadap "
            "proses hukum yang berlaku."
        ),
    ),
    (
        10,
        "KEADAAN KAHAR (FORCE MAJEURE)",
        (
            "(1) Yang dimaksud dengan keadaan kahar (force majeure) adalah suatu keadaan di luar kekuasaan "
            "dan kemampuan PARA PIHAK yang secara nyata menghambat dilaksanakannya pekerjaan PARA PIHAK "
            "sesuai dengan Perjanjian Kerja Sama ini meliputi tetapi tidak terbatas pada bencana alam, "
            "banjir, kebakaran, pemogokan umum, keadaan perang, wabah, kerusakan, keputusan pemerintah atau "
            "instansi yang berwenang yang menghalangi secara langsung atau tidak langsung untuk terlaksananya"
            " Perjanjian Kerja Sama ini.\n"
            "(2) Keadaan kahar (force majeure) harus diberitahukan oleh PIHAK yang mengalaminya kepada PIHAK "
            "lainnya secara tertulis dalam waktu paling lambat 14 (empat belas) hari kalender setelah "
            "terjadinya keadaan kahar (force majeure) dengan melampirkan pernyataan tertulis dari pejabat "
            "pemerintah yang berwenang untuk dipertimbangkan PIHAK lainnya.\n"
            "(3) PIHAK yang mengalami keadaan kahar (force majeure) dibebaskan untuk sementara waktu dari "
            "pemenuhan kewajiban menurut Perjanjian Kerja Sama ini baik sebagian maupun keseluruhan. Setelah "
            "keadaan kahar (force majeure) tersebut berakhir, PIHAK yang mengalami keadaan kahar (force "
            "majeure) harus melaksanakan kembali kewajibannya sesuai Perjanjian Kerja Sama ini."
        ),
    ),
    (
        11,
        "PENYELESAIAN PERSELISIHAN",
        (
            "(1) Dalam hal terjadinya perselisihan atau perbedaan pendapat dalam pelaksanaan Perjanjian Kerja"
            " Sama ini ini PARA PIHAK sepakat menyelesaikan perselisihan secara musyawarah untuk mencapai "
            "mufakat.\n"
            "(2) Dalam hal penyelesaian secara musyawarah untuk mencapai mufakat sebagaimana dimaksud pada "
            "ayat (1) tidak tercapai, PARA PIHAK sepakat untuk menyelesaikannya menurut ketentuan peraturan "
            "perundang-undangan."
        ),
    ),
    (
        12,
        "PENAMBAHAN DAN PERUBAHAN",
        (
            "(1) Hal-hal yang belum diatur dalam Perjanjian Kerja Sama ini akan diatur dalam Penambahan "
            "(adendum) yang merupakan satu kesatuan yang tidak terpisahkan dari Perjanjian Kerja Sama ini.\n"
            "(2) Apabila ada hal-hal yang perlu dilakukan perubahan atas Perjanjian Kerja Sama ini akan "
            "diatur dalam Perubahan (amandemen) yang merupakan satu kesatuan yang tidak terpisahkan dari "
            "Perjanjian Kerja Sama ini."
        ),
    ),
    (
        13,
        "PENUTUP",
        (
            "(1) Perjanjian Kerja Sama ini mulai berlaku sejak tanggal ditandatangani oleh PARA PIHAK.\n"
            "(2) Perjanjian Kerja Sama ini dibuat dan ditandatangani dalam rangkap 2 (dua) oleh PARA PIHAK "
            "bermeterai cukup, pada tanggal, bulan, dan tahun sebagaimana tersebut pada awal Perjanjian Kerja"
            " Sama ini yang mempunyai kekuatan hukum dan pembuktian yang sama, serta mengikat PARA PIHAK."
        ),
    ),
)
