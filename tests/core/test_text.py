from desktop.text import nfc, search_key, search_tokens


def test_search_key_removes_tones_and_marks_and_lowers_case():
    assert search_key("Nguyễn Văn Đức") == "nguyen van duc"
    assert search_key("HOÀNG THỊ THU HƯƠNG") == "hoang thi thu huong"
    assert search_key("Giàng A Páo") == "giang a pao"


def test_search_key_maps_d_with_stroke_both_cases():
    assert search_key("Đặng đình Đông") == "dang dinh dong"


def test_search_key_folds_spaces():
    assert search_key("  Lò   Văn\tPọm \n") == "lo van pom"


def test_search_key_is_the_same_for_composed_and_decomposed_input():
    decomposed = "Nguye\u0302\u0303n"  # e + circumflex + tilde as separate marks
    assert search_key(decomposed) == search_key("Nguyễn") == "nguyen"


def test_partial_words_are_tokens_of_the_key():
    assert search_tokens("nguyễn đ") == ["nguyen", "d"]
    assert search_tokens("125/QĐ-UBND") == ["125", "qd", "ubnd"]
    assert search_tokens("   ") == []


def test_nfc_normalises_and_trims():
    assert nfc("  Nguye\u0302\u0303n   Văn ") == "Nguyễn Văn"
