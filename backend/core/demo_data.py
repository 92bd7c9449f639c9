"""The demo catalog: producers and products that look like real OCOP listings.

Names, places and prices are plausible, not the records of real businesses. Certificate
history is given as ``(star, days before today)`` so the demo stays current whenever it is
loaded: a certificate older than 36 months is expired, a newer one valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoProduct:
    name: str
    group: str  # QĐ 26/2026 code, e.g. "I.4.a"
    price: int  # whole đồng
    variant: str  # packaging, shown as the variant name
    certificates: tuple[tuple[int, int], ...]  # (star, days ago), oldest first
    note: str = ""
    # (reason, days ago) when the newest certificate was revoked.
    revoked: tuple[str, int] | None = None


@dataclass(frozen=True)
class DemoProducer:
    name: str
    address: str  # as a certificate would write it, often pre-2025
    district: str  # the pre-2025 district, the issuer of older 3★ decisions
    representative: str
    phone: str
    registration_number: str
    story: str
    products: tuple[DemoProduct, ...] = field(default_factory=tuple)
    legal_form: str | None = None  # inferred from the name when None


P = DemoProduct

PRODUCERS: tuple[DemoProducer, ...] = (
    # Trung du và miền núi phía Bắc
    DemoProducer(
        name="Hợp tác xã Chè Shan tuyết Lũng Phìn",
        address="thôn Lũng Phìn, xã Cao Bồ, huyện Vị Xuyên, tỉnh Hà Giang",
        district="huyện Vị Xuyên",
        representative="Triệu Văn Kiểm",
        phone="0912 345 601",
        registration_number="5100452301",
        story=(
            "Những gốc chè Shan tuyết hàng trăm năm tuổi trên sườn Tây Côn Lĩnh được bà con "
            "người Dao hái bằng tay lúc sớm mai, sao sấy trên chảo gang như ông bà truyền lại. "
            "Hợp tác xã gom búp chè của 60 hộ thành viên và giữ trọn hương núi rừng Hà Giang."
        ),
        products=(
            P("Chè Shan tuyết cổ thụ Hà Giang", "I.5.a", 320_000, "Hộp 200 g",
              ((3, 1480), (4, 300)),
              "Búp một tôm hai lá từ cây chè trên 100 năm tuổi, nước vàng sánh, hậu ngọt."),
            P("Hồng trà Shan tuyết Cao Bồ", "I.5.a", 250_000, "Túi 100 g", ((3, 700),)),
            P("Bạch trà Shan tuyết búp non", "I.5.a", 690_000, "Hộp 100 g", ((4, 240),)),
        ),
    ),
    DemoProducer(
        name="Hộ kinh doanh Mật ong bạc hà Mèo Vạc",
        address="xã Mèo Vạc, tỉnh Tuyên Quang",
        district="huyện Mèo Vạc",
        representative="Vàng Mí Sính",
        phone="0978 112 233",
        registration_number="10A8001234",
        story=(
            "Mỗi mùa hoa bạc hà nở tím cao nguyên đá (tháng 10 đến tháng 12), gia đình anh "
            "Sính đưa đàn ong nội lên lưng chừng núi. Mật chỉ quay một lần mỗi tuần để đủ độ "
            "đặc, thơm mát vị bạc hà."
        ),
        products=(
            P("Mật ong bạc hà Mèo Vạc", "I.2.b", 450_000, "Chai 500 ml", ((4, 520),),
              "Mật ong hoa bạc hà cao nguyên đá Đồng Văn, không pha đường, độ ẩm dưới 20 %."),
            P("Bánh tam giác mạch Đồng Văn", "I.3.b", 45_000, "Gói 300 g", ((3, 380),)),
            P("Rượu ngô men lá Mèo Vạc", "II.1.a", 150_000, "Chai 750 ml", ((3, 1300),),
              "Rượu ngô nấu thủ công với men lá rừng. Chứng nhận đã hết hạn, đang làm hồ sơ "
              "đánh giá lại."),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Chè Tân Cương",
        address="xóm Nam Thái, xã Tân Cương, thành phố Thái Nguyên, tỉnh Thái Nguyên",
        district="thành phố Thái Nguyên",
        representative="Nguyễn Thị Hằng",
        phone="0988 456 712",
        registration_number="4600983127",
        story=(
            "Vùng chè Tân Cương nằm dưới chân núi Hồng, đất đồi feralit và sương sớm làm nên "
            "cánh chè móc câu xoăn nhỏ, nước xanh, vị chát dịu rồi ngọt hậu. Hợp tác xã có 45 "
            "hộ làm chè theo quy trình VietGAP."
        ),
        products=(
            P("Chè Tân Cương đặc biệt", "I.5.a", 480_000, "Hộp 500 g", ((3, 1100), (4, 380))),
            P("Chè móc câu Tân Cương", "I.5.a", 220_000, "Túi 250 g", ((3, 560),)),
            P("Chè nõn tôm Thái Nguyên", "I.5.a", 560_000, "Hộp 250 g", ((4, 120),)),
        ),
    ),
    DemoProducer(
        name="Tổ hợp tác Du lịch cộng đồng Pác Ngòi",
        address="bản Pác Ngòi, xã Nam Mẫu, huyện Ba Bể, tỉnh Bắc Kạn",
        district="huyện Ba Bể",
        representative="Hoàng Văn Tuấn",
        phone="0915 220 418",
        registration_number="",
        story=(
            "Mười hai nhà sàn người Tày bên hồ Ba Bể mở cửa đón khách: ngủ nhà sàn, ăn cá "
            "nướng, nghe hát then, chèo thuyền độc mộc ra hang Puông. Thu nhập chia đều cho "
            "các hộ trong bản."
        ),
        legal_form="to_hop_tac",
        products=(
            P("Homestay du lịch cộng đồng Pác Ngòi", "VI.1", 350_000,
              "Một đêm, phòng 2 người", ((3, 640),)),
            P("Tour thuyền độc mộc hồ Ba Bể", "VI.1", 400_000, "Vé 1 người, nửa ngày",
              ((4, 160),)),
        ),
    ),
    DemoProducer(
        name="Tổ hợp tác Dệt thổ cẩm Trùng Khánh",
        address="xã Trùng Khánh, tỉnh Cao Bằng",
        district="huyện Trùng Khánh",
        representative="Nông Thị Mai",
        phone="0367 554 210",
        registration_number="",
        story=(
            "Các chị em người Nùng An dệt thổ cẩm trên khung gỗ cũ, nhuộm sợi bằng chàm và vỏ "
            "cây rừng. Mỗi chiếc khăn mất ba đến năm ngày dệt."
        ),
        products=(
            P("Khăn thổ cẩm dệt tay Trùng Khánh", "IV.2", 280_000, "Khăn 40 × 180 cm",
              ((3, 260),)),
            P("Túi thổ cẩm họa tiết Nùng An", "IV.2", 195_000, "Chiếc", ((3, 90),)),
            P("Hạt dẻ Trùng Khánh", "I.1.a", 150_000, "Túi 1 kg", ((4, 400),)),
        ),
    ),
    # Đồng bằng sông Hồng
    DemoProducer(
        name="Công ty TNHH Lụa tơ tằm Vạn Phúc",
        address="phường Vạn Phúc, quận Hà Đông, thành phố Hà Nội",
        district="quận Hà Đông",
        representative="Triệu Thị Ngọc Lan",
        phone="0913 825 566",
        registration_number="0105678912",
        story=(
            "Làng lụa Vạn Phúc hơn nghìn năm tuổi bên sông Nhuệ. Xưởng của gia đình giữ bốn "
            "khung dệt Jacquard cổ và dệt lụa vân hoa văn chữ Thọ, hoa sen như thời các cụ."
        ),
        products=(
            P("Khăn lụa tơ tằm Vạn Phúc", "IV.2", 450_000, "Khăn 50 × 180 cm", ((4, 800),)),
            P("Vải lụa vân Vạn Phúc", "IV.2", 380_000, "Mét, khổ 90 cm", ((4, 150),)),
            P("Áo dài lụa tơ tằm Hà Đông", "IV.2", 1_500_000, "Bộ, may theo số đo",
              ((3, 500),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Gốm sứ Bát Tràng",
        address="xã Bát Tràng, thành phố Hà Nội",
        district="huyện Gia Lâm",
        representative="Lê Văn Cường",
        phone="0904 667 889",
        registration_number="0108812345",
        story=(
            "Ba mươi lò gốm của làng Bát Tràng cùng lập hợp tác xã để giữ men lam, men rạn "
            "cổ và bán thẳng cho khách. Mỗi sản phẩm vẽ tay, nung ở 1.250 °C."
        ),
        products=(
            P("Bộ ấm chén men lam Bát Tràng", "IV.1", 650_000, "Bộ 1 ấm 6 chén", ((4, 700),)),
            P("Lọ hoa gốm men rạn Bát Tràng", "IV.1", 420_000, "Cao 30 cm", ((3, 700),)),
            P("Bình hút lộc gốm vẽ vàng", "IV.1", 1_200_000, "Cao 35 cm", ((4, 230),)),
        ),
    ),
    DemoProducer(
        name="Công ty cổ phần Thực phẩm Hạ Long",
        address="phường Hồng Gai, tỉnh Quảng Ninh",
        district="thành phố Hạ Long",
        representative="Phạm Quang Huy",
        phone="0983 624 455",
        registration_number="5701987654",
        story=(
            "Mực ống câu đêm ở vịnh Bái Tử Long được giã tay bằng cối đá ngay trong ngày, "
            "không hàn the, không phẩm màu. Công ty liên kết với 40 tàu câu của ngư dân."
        ),
        products=(
            P("Chả mực giã tay Hạ Long", "I.3.d", 420_000, "Hộp 500 g", ((4, 900),)),
            P("Gà đồi Tiên Yên", "I.1.b", 280_000, "Con 1,6–1,8 kg", ((3, 410),)),
            P("Ba kích tím Quảng Ninh", "III.3", 260_000, "Hũ 500 g", ((3, 650),)),
            P("Rượu ba kích Quảng Ninh", "II.1.b", 210_000, "Chai 500 ml", ((3, 650),),
              revoked=("Vi phạm quy định ghi nhãn hàng hóa (kiểm tra ngày 15/9)", 60)),
        ),
    ),
    DemoProducer(
        name="Hộ kinh doanh Sinh vật cảnh Vị Khê",
        address="xã Vị Khê, huyện Nam Trực, tỉnh Nam Định",
        district="huyện Nam Trực",
        representative="Trần Văn Thịnh",
        phone="0836 778 123",
        registration_number="07B8004567",
        story=(
            "Làng hoa cây cảnh Vị Khê có từ thời Trần. Vườn nhà ông Thịnh nuôi cây sanh, cây "
            "si dáng thế cổ, và ao cá Koi nhân giống từ cá bố mẹ nhập."
        ),
        products=(
            P("Cây bonsai sanh Vị Khê", "V.2", 1_500_000, "Chậu cao 60 cm", ((3, 350),)),
            P("Cây cảnh mini để bàn", "V.2", 250_000, "Chậu gốm", ((3, 120),)),
            P("Cá Koi Việt thuần chủng", "V.3", 450_000, "Con 25–30 cm", ((3, 250),)),
        ),
    ),
    # Bắc Trung Bộ và duyên hải miền Trung
    DemoProducer(
        name="Hợp tác xã Tinh dầu tràm Phong Điền",
        address="xã Phong Điền, huyện Phong Điền, tỉnh Thừa Thiên Huế",
        district="huyện Phong Điền",
        representative="Hồ Văn Lực",
        phone="0973 551 234",
        registration_number="3301567890",
        story=(
            "Rừng tràm gió trên cát trắng Phong Điền được chưng cất bằng nồi đồng. Tinh dầu "
            "tràm Huế đã theo các bà mẹ chăm con nhỏ từ bao đời."
        ),
        products=(
            P("Tinh dầu tràm Huế", "III.3", 120_000, "Chai 100 ml", ((4, 580),)),
            P("Mè xửng Huế", "I.3.c", 45_000, "Hộp 250 g", ((3, 470),)),
            P("Dầu gội bồ kết thảo dược", "III.2", 95_000, "Chai 300 ml", ((3, 150),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Dược liệu Măng Ri",
        address="xã Măng Ri, huyện Tu Mơ Rông, tỉnh Kon Tum",
        district="huyện Tu Mơ Rông",
        representative="A Dũng",
        phone="0863 889 911",
        registration_number="6101234567",
        story=(
            "Sâm Ngọc Linh trồng dưới tán rừng nguyên sinh ở độ cao trên 1.800 m, mỗi củ mất "
            "ít nhất năm năm. Hợp tác xã của đồng bào Xơ Đăng giữ giống sâm bản địa."
        ),
        products=(
            P("Sâm Ngọc Linh ngâm mật ong", "III.1", 1_450_000, "Hũ 300 g", ((5, 400),),
              "Sâm Ngọc Linh năm năm tuổi thái lát ngâm mật ong rừng."),
            P("Trà túi lọc lá sâm Ngọc Linh", "III.1", 320_000, "Hộp 30 túi", ((4, 400),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Nông nghiệp Lý Sơn",
        address="đặc khu Lý Sơn, tỉnh Quảng Ngãi",
        district="huyện Lý Sơn",
        representative="Võ Văn Quang",
        phone="0353 867 788",
        registration_number="4300876543",
        story=(
            "Tỏi Lý Sơn mọc trên đất núi lửa phủ cát biển, tưới bằng nước giếng nhạt, nên củ "
            "nhỏ, thơm và cay dịu. Nông dân đảo làm tỏi bằng tay từ gieo đến phơi."
        ),
        products=(
            P("Tỏi cô đơn Lý Sơn", "I.1.a", 300_000, "Túi 500 g", ((4, 760),)),
            P("Tỏi đen Lý Sơn", "I.3.c", 390_000, "Hũ 250 g", ((4, 210),)),
            P("Hành tím Lý Sơn", "I.1.a", 60_000, "Túi 1 kg", ((3, 760),)),
        ),
    ),
    DemoProducer(
        name="Cơ sở Rượu Bàu Đá Nhơn Lộc",
        address="xã Nhơn Lộc, thị xã An Nhơn, tỉnh Bình Định",
        district="thị xã An Nhơn",
        representative="Huỳnh Văn Tám",
        phone="0703 830 099",
        registration_number="35A8012345",
        story=(
            "Rượu Bàu Đá nấu từ gạo lứt và men thuốc bắc, chưng cất bằng nước giếng làng Cù "
            "Lâm, hạ thổ sáu tháng trong chum sành. Nghề của gia đình đã bốn đời."
        ),
        products=(
            P("Rượu Bàu Đá", "II.1.a", 180_000, "Chai 500 ml", ((3, 1100), (4, 250))),
            P("Nem chợ Huyện", "I.3.d", 60_000, "Chục 10 cái", ((3, 520),)),
        ),
    ),
    DemoProducer(
        name="Công ty TNHH Yến sào Cam Ranh",
        address="phường Cam Ranh, tỉnh Khánh Hòa",
        district="thành phố Cam Ranh",
        representative="Trương Minh Đức",
        phone="0773 854 422",
        registration_number="4201765432",
        story=(
            "Yến sào đảo khai thác theo mùa, làm sạch lông bằng tay dưới kính lúp và sấy lạnh. "
            "Công ty kiểm nghiệm từng lô trước khi đóng hộp."
        ),
        products=(
            P("Yến sào tinh chế Cam Ranh", "I.3.d", 1_500_000, "Hộp 50 g", ((5, 330),)),
            P("Nước yến sào đóng lon", "II.2.b", 135_000, "Lốc 6 lon 190 ml", ((4, 620),)),
            P("Nước khoáng thiên nhiên Ninh Hòa", "II.2.a", 95_000, "Thùng 24 chai 500 ml",
              ((3, 380),)),
        ),
    ),
    DemoProducer(
        name="Công ty TNHH Nước mắm Phú Thủy",
        address="phường Phú Thủy, thành phố Phan Thiết, tỉnh Bình Thuận",
        district="thành phố Phan Thiết",
        representative="Lâm Văn Nghĩa",
        phone="0793 821 177",
        registration_number="3400654321",
        story=(
            "Cá cơm than đánh bắt ở vùng biển Phan Thiết được ướp muối ngay trên ghe, ủ 12 "
            "tháng trong thùng gỗ bời lời. Nước mắm nhĩ rút giọt đầu, không chất bảo quản."
        ),
        products=(
            P("Nước mắm cá cơm Phan Thiết 35 độ đạm", "I.4.a", 95_000, "Chai 500 ml",
              ((3, 1000),)),
            P("Thanh long ruột đỏ Bình Thuận", "I.1.a", 60_000, "Thùng 3 kg", ((4, 300),)),
        ),
    ),
    # Tây Nguyên
    DemoProducer(
        name="Công ty TNHH Cà phê Ea Tu",
        address="phường Buôn Ma Thuột, tỉnh Đắk Lắk",
        district="thành phố Buôn Ma Thuột",
        representative="Y Khoa Niê",
        phone="0813 956 677",
        registration_number="6001543210",
        story=(
            "Cà phê Robusta hái chín đỏ trên đất đỏ bazan Buôn Ma Thuột, phơi giàn và rang "
            "mộc bằng củi. Công ty thu mua của 120 nông hộ người Ê Đê với giá cao hơn thị "
            "trường khi quả chín đều."
        ),
        products=(
            P("Cà phê Robusta rang xay Buôn Ma Thuột", "I.6", 145_000, "Gói 500 g",
              ((4, 900),)),
            P("Cà phê phin giấy Buôn Ma Thuột", "I.6", 89_000, "Hộp 10 gói", ((3, 300),)),
            P("Ca cao nguyên chất Đắk Lắk", "I.6", 165_000, "Hũ 250 g", ((3, 540),)),
            P("Mật ong hoa cà phê", "I.2.b", 180_000, "Chai 500 ml", ((3, 200),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Nấm linh chi Lâm Hà",
        address="xã Nam Ban, huyện Lâm Hà, tỉnh Lâm Đồng",
        district="huyện Lâm Hà",
        representative="Đặng Thị Thu",
        phone="0833 852 299",
        registration_number="5800765432",
        story=(
            "Trong nhà màng giữa đồi thông Nam Ban, nấm linh chi đỏ được nuôi trên mùn cưa cao "
            "su và thu hái khi tán nấm già. Hợp tác xã còn trồng atiso và lan hồ điệp."
        ),
        products=(
            P("Nấm linh chi đỏ Lâm Đồng", "III.1", 650_000, "Túi 500 g", ((4, 510),)),
            P("Trà atiso túi lọc Đà Lạt", "I.5.b", 75_000, "Hộp 20 túi", ((4, 510),)),
            P("Hoa lan hồ điệp Đà Lạt", "V.1", 850_000, "Chậu 3 cành", ((3, 140),)),
            P("Dâu tây sấy dẻo Đà Lạt", "I.3.c", 120_000, "Hũ 300 g", ((3, 290),)),
        ),
    ),
    # Đông Nam Bộ
    DemoProducer(
        name="Công ty TNHH Hạt điều Đồng Xoài",
        address="phường Đồng Xoài, tỉnh Đồng Nai",
        district="thành phố Đồng Xoài",
        representative="Lê Thị Kim Oanh",
        phone="0843 883 344",
        registration_number="3801234987",
        story=(
            "Điều Bình Phước hạt to, vỏ lụa mỏng, rang bằng củi trong chảo gang rồi tẩm muối "
            "biển. Xưởng nhận hạt tươi của nông dân quanh Đồng Xoài mỗi mùa tháng Ba."
        ),
        products=(
            P("Hạt điều rang muối Bình Phước", "I.3.c", 260_000, "Hũ 500 g", ((4, 700),)),
            P("Hạt điều tẩm mật ong", "I.3.c", 180_000, "Hũ 300 g", ((3, 280),)),
        ),
    ),
    DemoProducer(
        name="Hộ kinh doanh Bánh tráng phơi sương Trảng Bàng",
        address="phường Trảng Bàng, tỉnh Tây Ninh",
        district="thị xã Trảng Bàng",
        representative="Nguyễn Thị Sáu",
        phone="0853 881 122",
        registration_number="45C8006789",
        story=(
            "Bánh tráng tráng mỏng, phơi nắng rồi nướng trên than và đem phơi sương đêm cho "
            "dẻo. Ăn cùng thịt heo luộc, rau rừng Trảng Bàng."
        ),
        products=(
            P("Bánh tráng phơi sương Trảng Bàng", "I.3.b", 40_000, "Xấp 500 g", ((3, 820),)),
            P("Muối tôm Tây Ninh", "I.4.b", 35_000, "Hũ 200 g", ((4, 430),)),
        ),
    ),
    DemoProducer(
        name="Công ty TNHH Sơn mài Tương Bình Hiệp",
        address="phường Tương Bình Hiệp, thành phố Thủ Dầu Một, tỉnh Bình Dương",
        district="thành phố Thủ Dầu Một",
        representative="Phan Văn Bảy",
        phone="0883 825 599",
        registration_number="3702345678",
        story=(
            "Làng sơn mài Tương Bình Hiệp giữ lối vẽ sơn ta nhiều lớp, mài bằng tay đến khi "
            "sâu bóng. Mỗi bức tranh cần hơn hai tháng."
        ),
        products=(
            P("Tranh sơn mài phong cảnh Nam Bộ", "IV.1", 1_350_000, "Khổ 40 × 60 cm",
              ((4, 560),)),
            P("Hộp sơn mài khảm trai", "IV.1", 320_000, "Hộp 20 × 12 cm", ((3, 560),)),
        ),
    ),
    # Đồng bằng sông Cửu Long
    DemoProducer(
        name="Công ty TNHH Nước mắm Phú Quốc Hưng Thịnh",
        address="đặc khu Phú Quốc, tỉnh An Giang",
        district="thành phố Phú Quốc",
        representative="Trần Văn Hưng",
        phone="0323 846 688",
        registration_number="1701456789",
        story=(
            "Cá cơm than vùng biển An Thới ướp với muối theo tỉ lệ 3:1, ủ trong thùng gỗ chai "
            "12 đến 15 tháng. Nước mắm Phú Quốc được bảo hộ chỉ dẫn địa lý tại châu Âu."
        ),
        products=(
            P("Nước mắm Phú Quốc cá cơm 40 độ đạm", "I.4.a", 165_000, "Chai 500 ml",
              ((4, 1000), (5, 150)),
              "Nước mắm nhĩ cá cơm than, 40 độ đạm, màu cánh gián, vị ngọt hậu."),
            P("Tiêu Phú Quốc", "I.4.b", 110_000, "Hũ 250 g", ((3, 500),)),
            P("Rượu sim Phú Quốc", "II.1.b", 160_000, "Chai 500 ml", ((3, 700),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Bưởi Năm Roi Mỹ Hòa",
        address="xã Mỹ Hòa, thị xã Bình Minh, tỉnh Vĩnh Long",
        district="thị xã Bình Minh",
        representative="Võ Thị Bích",
        phone="0333 892 211",
        registration_number="1500567890",
        story=(
            "Bưởi Năm Roi trồng trên đất phù sa ven sông Hậu, múi ráo, ngọt thanh, ít hạt. "
            "Vườn của 38 thành viên đạt chứng nhận VietGAP."
        ),
        products=(
            P("Bưởi Năm Roi Bình Minh", "I.1.a", 70_000, "Trái 1,5 kg", ((4, 680),)),
            P("Mứt vỏ bưởi", "I.3.c", 55_000, "Hộp 250 g", ((3, 300),)),
            P("Kẹo dừa sầu riêng", "I.3.c", 45_000, "Hộp 400 g", ((3, 900),)),
        ),
    ),
    DemoProducer(
        name="Công ty TNHH Lúa gạo Mỹ Xuyên",
        address="thị trấn Mỹ Xuyên, huyện Mỹ Xuyên, tỉnh Sóc Trăng",
        district="huyện Mỹ Xuyên",
        representative="Hồ Quang Trí",
        phone="0343 857 711",
        registration_number="2200345678",
        story=(
            "Gạo ST25 trồng theo mô hình lúa – tôm trên đất Mỹ Xuyên: ruộng nuôi tôm mùa khô, "
            "cấy lúa mùa mưa, không cần phân thuốc nhiều. Cơm dẻo, thơm lá dứa."
        ),
        products=(
            P("Gạo ST25 Sóc Trăng", "I.2.a", 190_000, "Túi 5 kg", ((4, 900), (5, 320)),
              "Gạo ST25 lúa – tôm, hạt dài, cơm dẻo thơm."),
            P("Bánh pía Sóc Trăng", "I.3.b", 95_000, "Hộp 4 cái", ((4, 560),)),
            P("Cháo gạo ST25 ăn liền", "I.3.a", 45_000, "Hộp 6 gói", ((3, 180),)),
            P("Lạp xưởng tươi Vĩnh Châu", "I.3.d", 180_000, "Túi 500 g", ((3, 420),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Sen Tháp Mười",
        address="xã Tháp Mười, tỉnh Đồng Tháp",
        district="huyện Tháp Mười",
        representative="Nguyễn Văn Sen",
        phone="0363 824 488",
        registration_number="1401678901",
        story=(
            "Đồng sen Tháp Mười rộng 20 ha, bông nở từ tháng Tư. Hợp tác xã làm trà tim sen, "
            "hạt sen sấy và đón khách chèo xuồng giữa đồng sen."
        ),
        products=(
            P("Trà tim sen Tháp Mười", "I.5.b", 110_000, "Hộp 200 g", ((3, 690),)),
            P("Hạt sen sấy giòn", "I.3.c", 80_000, "Hũ 250 g", ((3, 200),)),
            P("Du lịch sinh thái Đồng Sen Tháp Mười", "VI.1", 150_000, "Vé 1 người",
              ((4, 520),)),
        ),
    ),
    DemoProducer(
        name="Hợp tác xã Mật ong U Minh Hạ",
        address="xã U Minh, tỉnh Cà Mau",
        district="huyện U Minh",
        representative="Lý Văn Thành",
        phone="0373 853 366",
        registration_number="2001789012",
        story=(
            "Thợ ăn ong U Minh gác kèo cho ong khoái làm tổ giữa rừng tràm, nghề truyền qua ba "
            "thế hệ. Mật ong rừng tràm sánh, thơm, hơi chua nhẹ."
        ),
        products=(
            P("Mật ong rừng tràm U Minh", "I.2.b", 380_000, "Chai 500 ml", ((4, 610),)),
            P("Khô cá lóc U Minh", "I.3.d", 420_000, "Túi 500 g", ((3, 610),)),
            P("Tôm khô Rạch Gốc", "I.3.d", 1_200_000, "Túi 1 kg", ((4, 300),)),
        ),
    ),
)
