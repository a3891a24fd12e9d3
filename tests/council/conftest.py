import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Material files go to a temporary folder, never the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
