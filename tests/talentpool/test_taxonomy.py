from django.core.management import call_command
from django.utils import translation

from talentpool.models import ProficiencyLevel, SkillRole, SkillType, SupportTheme, Taxonomy
from talentpool.services.taxonomy import load_skill_taxonomies


def test_dss_p_has_five_types_and_fifteen_roles_and_mic_four(db):
    assert SkillType.objects.filter(taxonomy=Taxonomy.DSS_P).count() == 5
    assert SkillRole.objects.filter(type__taxonomy=Taxonomy.DSS_P).count() == 15
    assert SkillRole.objects.filter(type__taxonomy=Taxonomy.MIC).count() == 4
    assert SupportTheme.objects.count() == 10
    assert list(ProficiencyLevel.objects.values_list("level", flat=True)) == [1, 2, 3, 4]


def test_loading_again_changes_nothing(db, capsys):
    assert load_skill_taxonomies() == 0
    call_command("load_skill_taxonomies")
    assert "nothing changed" in capsys.readouterr().out


def test_an_edited_name_is_restored_from_the_data_file(db):
    SkillRole.objects.filter(code="data_engineer").update(name="誤った名前")
    assert load_skill_taxonomies() == 1
    assert SkillRole.objects.get(code="data_engineer").name == "データエンジニア"


def test_names_follow_the_reader_language(db):
    role = SkillRole.objects.get(code="cloud_engineer_sre")
    with translation.override("ja"):
        assert str(role) == "クラウドエンジニア/SRE"
    with translation.override("en"):
        assert str(role) == "Cloud engineer / SRE"
