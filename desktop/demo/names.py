"""Vietnamese personal names by ethnic group, drawn the way they occur (weighted surnames)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from desktop.codes import Gender


@dataclass(frozen=True)
class NamePool:
    ethnic_code: str
    surnames: tuple[tuple[str, float], ...]
    middle_male: tuple[str, ...]
    middle_female: tuple[str, ...]
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]


KINH = NamePool(
    "01",
    (
        ("Nguyễn", 38),
        ("Trần", 11),
        ("Lê", 9.5),
        ("Phạm", 7),
        ("Hoàng", 5),
        ("Phan", 4.5),
        ("Vũ", 4),
        ("Võ", 3),
        ("Huỳnh", 3),
        ("Đặng", 2),
        ("Bùi", 2),
        ("Đỗ", 1.5),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1),
        ("Lý", 0.5),
        ("Đinh", 0.8),
        ("Trịnh", 0.7),
    ),
    ("Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Xuân", "Đình", "Tiến"),
    ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Hồng", "Diệu"),
    (
        "Đức",
        "Hùng",
        "Dũng",
        "Tuấn",
        "Nam",
        "Long",
        "Quân",
        "Hải",
        "Sơn",
        "Thắng",
        "Cường",
        "Huy",
        "Bình",
        "Phong",
        "Trung",
        "Hiếu",
        "Tùng",
        "Khánh",
        "Việt",
        "Tâm",
        "Lộc",
        "Nghĩa",
    ),
    (
        "Hương",
        "Lan",
        "Hoa",
        "Mai",
        "Linh",
        "Trang",
        "Thảo",
        "Hà",
        "Ngọc",
        "Hạnh",
        "Nga",
        "Yến",
        "Thủy",
        "Hằng",
        "Phương",
        "Dung",
        "Nhung",
        "Huyền",
        "Oanh",
        "Loan",
        "Vân",
    ),
)
TAY = NamePool(
    "02",
    (
        ("Hoàng", 6),
        ("Nông", 5),
        ("Lương", 3),
        ("Lục", 2),
        ("Triệu", 2),
        ("Hà", 2),
        ("Vi", 1.5),
        ("Lộc", 1.5),
        ("Mông", 1),
        ("Bế", 2),
        ("Ma", 1.5),
        ("Đàm", 1),
    ),
    ("Văn", "Văn", "Đức", "Quang"),
    ("Thị", "Thị", "Thị"),
    ("Sơn", "Thành", "Tuấn", "Hưng", "Luận", "Khoa", "Thịnh", "Chiến", "Quý", "Đoàn"),
    ("Nhất", "Thơm", "Mến", "Lụa", "Hoan", "Nguyệt", "Chanh", "Hiền", "Thúy", "Duyên"),
)
THAI = NamePool(
    "03",
    (
        ("Lò", 5),
        ("Lường", 3),
        ("Cầm", 3),
        ("Quàng", 2),
        ("Tòng", 2),
        ("Điêu", 1.5),
        ("Hà", 2),
        ("Vi", 1.5),
        ("Lự", 1),
    ),
    ("Văn",),
    ("Thị",),
    ("Pọm", "Thanh", "Xuân", "Hom", "Ơn", "Chăm", "Bun", "Khiêm", "Inh", "Phanh"),
    ("Ín", "Pằng", "Bua", "Xiêng", "Ngọc", "Hoa", "Kim", "Ánh", "Chiêng", "Thoa"),
)
HMONG = NamePool(
    "08",
    (
        ("Giàng", 5),
        ("Sùng", 4),
        ("Vàng", 4),
        ("Thào", 3),
        ("Mùa", 2.5),
        ("Lầu", 2),
        ("Hờ", 2),
        ("Ly", 2),
        ("Tráng", 1.5),
        ("Vừ", 1.5),
    ),
    ("A", "A", "Seo", "Mí"),
    ("Thị", "Thị", "Mí"),
    ("Páo", "Chứ", "Dế", "Sính", "Pó", "Lử", "Chá", "Tủa", "Chư", "Sử", "Pàng", "Dình"),
    ("Mỷ", "Mai", "Dợ", "Pà", "Chư", "Sua", "Máy", "Dở", "Xá", "Sy", "Dua", "Súa"),
)
DAO = NamePool(
    "09",
    (("Triệu", 5), ("Bàn", 4), ("Đặng", 3), ("Lý", 2), ("Chảo", 2), ("Phùn", 1.5), ("Tẩn", 1.5)),
    ("Văn", "Láo", "Tòn", "Kim"),
    ("Thị", "Mùi", "Tả"),
    ("Quẩy", "Lở", "Sinh", "Phin", "Vàng", "Chàn", "Quyến", "Phúc", "Sành", "Lai"),
    ("Mẩy", "Xuân", "Dinh", "Mây", "Chạn", "Nhàn", "Lìu", "Sinh", "Thìn", "Ngân"),
)

LOWLAND_MIX = ((KINH, 0.96), (TAY, 0.02), (THAI, 0.02))
HIGHLAND_MIX = ((TAY, 0.33), (KINH, 0.22), (HMONG, 0.22), (DAO, 0.15), (THAI, 0.08))


def pick_pool(rng: random.Random, mix: tuple[tuple[NamePool, float], ...]) -> NamePool:
    pools, weights = zip(*mix, strict=True)
    return rng.choices(pools, weights=weights)[0]


def full_name(rng: random.Random, pool: NamePool, gender: Gender, surname: str | None = None) -> str:
    """A name as it is written: surname, middle name(s), given name."""
    names, weights = zip(*pool.surnames, strict=True)
    family = surname or rng.choices(names, weights=weights)[0]
    male = gender is Gender.MALE
    middle = rng.choice(pool.middle_male if male else pool.middle_female)
    given = rng.choice(pool.given_male if male else pool.given_female)
    return f"{family} {middle} {given}"


LOWLAND_VILLAGES = (
    "Thôn Đông",
    "Thôn Đoài",
    "Thôn Trung",
    "Thôn Thượng",
    "Thôn Hạ",
    "Thôn An Lạc",
    "Thôn Phú Mỹ",
    "Tổ dân phố Hòa Bình",
)
HIGHLAND_VILLAGES = (
    "Bản Nà Pồng",
    "Bản Khuổi Lầy",
    "Thôn Nà Lừa",
    "Bản Pác Ngòi",
    "Thôn Phiêng Luông",
    "Bản Sà Phìn",
    "Thôn Lũng Cẩm",
    "Bản Cốc Pục",
)
