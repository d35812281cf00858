import pytest

from tests.postings.helpers import make_user


@pytest.fixture
def user(db):
    return make_user("jiwon", full_name="김지원", career_summary="백엔드 개발 3년", certifications="정보처리기사, AWS SAA")


@pytest.fixture
def other_user(db):
    return make_user("minsu")
