# Two editors at once, as the history's conflict tests make them.
from tests.history.conftest import named_editor_client  # noqa: F401
