"""Office details for documents: derived defaults, saved values, required fields refused when empty."""

import pytest

from desktop.errors import ValidationError
from desktop.services.office import office_settings, save_office_settings


def test_defaults_come_from_the_site_unit_and_saved_values_win(commune_db):
    settings = office_settings(commune_db)
    assert settings.unit_name == "ỦY BAN NHÂN DÂN XÃ BẢO LÂM"
    assert settings.place_name == "Bảo Lâm"
    settings.signer_name = "  Nông   Văn Thành "
    save_office_settings(commune_db, "admin", settings)
    assert office_settings(commune_db).signer_name == "Nông Văn Thành"


def test_a_required_field_left_empty_is_refused_and_nothing_changes(commune_db):
    settings = office_settings(commune_db)
    settings.signer_name = "Nông Văn Thành"
    settings.place_name = " "
    with pytest.raises(ValidationError) as caught:
        save_office_settings(commune_db, "admin", settings)
    assert caught.value.field == "place_name"
    assert office_settings(commune_db).signer_name == ""
