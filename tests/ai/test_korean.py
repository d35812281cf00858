"""Particles chosen by how the word before them is read aloud (ai.nlp.korean)."""
import pytest

from ai.nlp import korean


@pytest.mark.parametrize("word,expected", [
    ("Python", "을"), ("Kafka", "를"), ("Django", "를"), ("SQL", "을"), ("3년", "을"), ("3", "을"), ("2", "를"),
    ("10", "을"), ("100", "을"), ("1000", "을"), ("10000", "을"), ("2.5", "를"), ("PostgreSQL", "을"),
    ("MongoDB", "를"), ("Node.js", "를"), ("Redis", "를"), ("Git", "을"), ("Java", "를"), ("React", "를"),
    ("Spring", "을"), ("Kotlin", "을"), ("AWS", "를"), ("C++", "을"), ("C#", "을"), ("Kubernetes", "를"),
    ("Docker", "를"), ("Webpack", "을"), ("GitHub", "를"), ("FastAPI", "를"), ("Excel", "을"), ("Google", "을"),
    ("iOS", "를"), ("gRPC", "를"), ("백엔드 개발자", "를"), ("경험", "을"), ("Terraform", "을"), ("Linux", "를"),
    ("Helm", "을"), ("TypeScript", "를"), ("GraphQL", "을"), ("S3", "을"), ("85%", "를"), ("Tomcat", "을"),
    ("‘주문 처리 시스템 개발’", "을"), ("‘결과가 좋았…’", "을"), ("HTML", "을"), ("CSS", "를"), ("JPA", "를"),
])
def test_object_particle_follows_the_reading(word, expected):
    assert korean.choose(word, "을/를") == expected


def test_rieul_takes_ro_and_pairs_in_either_order():
    assert korean.josa("서울", "으로") == "서울로"
    assert korean.josa("SQL", "(으)로") == "SQL로"
    assert korean.josa("Excel", "으로/로") == "Excel로"
    assert korean.josa("경험", "로서") == "경험으로서"
    assert korean.josa("개발자", "으로서") == "개발자로서"
    assert korean.josa("Python", "와/과") == "Python과"
    assert korean.josa("Kafka", "과") == "Kafka와"
    assert korean.josa("Django", "은") == "Django는"
    assert korean.josa("Redis", "이") == "Redis가"
    assert korean.josa("개발", "라고") == "개발이라고"


def test_resolve_turns_every_marker_into_one_particle():
    text = korean.resolve("‘Kafka로 주문 처리 시스템 개발’(이)라고 하셨는데, 백엔드 개발자(으)로서 Kafka을(를) "
                          "쓰셨고 Python은(는) 3년이(가) 넘었고 SQL와(과) 서울(으)로")
    assert text == ("‘Kafka로 주문 처리 시스템 개발’이라고 하셨는데, 백엔드 개발자로서 Kafka를 "
                    "쓰셨고 Python은 3년이 넘었고 SQL과 서울로")
    assert korean.resolve("no markers (here)") == "no markers (here)"


def test_particle_check_finds_the_issue_examples():
    bad = ("이력서에 ‘Python, Django, Kafka로 주문 처리 시스템 개발’라고 적어 주셨는데요. "
           "대용량 트래픽 경험로서 Kafka을 쓰셨나요?")
    errors = korean.particle_errors(bad, inserted=["대용량 트래픽 경험"])
    assert len(errors) == 3, errors
    good = korean.resolve(bad.replace("’라고", "’(이)라고").replace("경험로서", "경험(으)로서")
                          .replace("Kafka을", "Kafka을(를)"))
    assert korean.particle_errors(good, inserted=["대용량 트래픽 경험"]) == []
    assert korean.particle_errors("Python이고 Redis가 있고 SQL로 Kafka는") == []
    assert korean.particle_errors("Kafka을(를) 썼다")  # an unresolved marker is an error too
