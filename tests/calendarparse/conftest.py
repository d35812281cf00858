import pytest

from tests.postings.helpers import jwt_client, make_user


@pytest.fixture(autouse=True)
def local_engine(settings):
    settings.AI_ENGINE = "local"


@pytest.fixture
def user(db):
    return make_user("jiwon", full_name="김지원")


@pytest.fixture
def other_user(db):
    return make_user("minsu")


@pytest.fixture
def api(user):
    return jwt_client(user)
