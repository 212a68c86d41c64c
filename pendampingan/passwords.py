"""Passwords a coordinator can read out to a group's officers over the phone."""

import secrets

# Common, unambiguous Indonesian words, lower case without accents.
_WORD_LIST = """
abu adik air akar alam alas alat alun ambil anak angin angka angsa anting apel api arah arang arus
asam asap atap atas awan ayah ayam ayun badai bagus bahu baju bakso balai balok bambu banjir bantal
barat baru batu bawang bayam bebek bekal belut benang benih bening bensin beras besi bijak biji
bintang biru bola bolu botol buah bubur buku bulan bulu bumi buncis bundar bunga burung busur cabai
cahaya cakar camar candi cangkul capung cerah cermin cicak cincin cuaca cumi dadu dahan dapur darat
daun dayung debu delima dermaga desa dinding dingin domba dompet duku durian ekor elang emas embun
empat enam es gajah galah gambar ganda gandum garam garis garpu gelas gelombang gembira gempa
genteng gerbang gigi gitar gula gunting gunung guru hadiah halus hangat hari harimau hijau hujan
hutan ibu ijuk ikan ikat ilmu indah intan irama itik jagung jahe jala jalan jambu jamur jangkar
jarum jati jembatan jendela jerami jeruk jingga jukung kabut kaca kacang kadal kail kain kakak kaki
kaktus kalung kamar kambing kampung kancil kantor kapal kapas karang karet kasur kebun kecap kedai
kelapa kelinci kemiri kenari kendi kentang kepiting kerang kerbau kereta keris ketan kijang kipas
kiri kopi kota kuali kuat kuda kunci kuning kupu kura kursi labu lada ladang lagu lampu langit
lantai laut lebah lele lemari lembah lilin limau lobak lontar lori lumbung lumpur lurus madu mangga
manggis mangkuk manis mata matahari meja melati melon mentari merah merpati mimpi minyak mobil muara
murai musim nanas nangka nasi nelayan nila nyiur obor ombak padi pagar pagi pahat pala palu panci
pandan panen pantai papan parit pasar pasir patung pawai payung pedang pelangi pena pensil perahu
perak pering pesta petani pintu pipa piring pisang pohon pondok pulau puncak pupuk putih rabu radio
ragi rajut rakit ramai rambut rambutan rantai rawa rebana rempah rendang ringan roda rotan roti
rumah rumput rusa sabun sagu salak salju sambal sampan sapi sarung sawah sawi sayur sedap segar
selasa semangka semut sendok senin senja sepatu sepeda serai seruling siang sikat singa sirih sisir
situ sore suling sumur sungai surya susu tahu tali taman tambang tanah tangan tangga tanjung tapai
tas tebu teduh teh tekun telaga telur tembikar tempe tenang tenda tenun tepung terang teras terbang
terong tikar timur tiram tomat tongkat topi tugu tumbuh tunas ubi udang udara ukir ular ulat umbi
unggas unta utara wajan waktu wangi warna warung wayang wortel zaitun zamrud
"""
WORDS = tuple(_WORD_LIST.split())
WORDS_PER_PASSWORD = 4


def readable_password():
    """Four common words and two digits, e.g. ``padi-sawah-pagi-kopi-47``: about 41 bits of entropy."""
    words = [secrets.choice(WORDS) for _word in range(WORDS_PER_PASSWORD)]
    return "-".join([*words, f"{secrets.randbelow(100):02d}"])
