"""How the API answers a service's refusals: 400 with field errors, 403, 404."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from rest_framework.response import Response

from core.api import exception_handler


def handled(error: Exception) -> Response:
    """The API's answer to ``error``; DRF's None (re-raise) fails the test."""
    response = exception_handler(error, {})
    assert response is not None, f"{error!r} was re-raised, not answered"
    return response


def test_service_field_errors_answer_400_keyed_by_field():
    """A ValidationError with a message per field keeps each message on its field."""
    error = ValidationError({"salary_max": "The maximum salary is below the minimum."})

    response = handled(error)

    assert response.status_code == 400
    assert response.data == {"salary_max": ["The maximum salary is below the minimum."]}


def test_whole_object_errors_come_back_as_non_field_errors():
    """Errors about the whole object use DRF's key, not Django's '__all__'."""
    error = ValidationError({NON_FIELD_ERRORS: ["Clash."], "title": ["Too long."]})

    response = handled(error)

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Clash."], "title": ["Too long."]}


def test_a_plain_message_comes_back_as_non_field_errors():
    """A refusal that names no field (a status change that is not allowed) still says why."""
    response = handled(ValidationError("A draft posting cannot be reposted."))

    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["A draft posting cannot be reposted."]}


def test_permission_denied_answers_403_with_its_message():
    """A service's PermissionDenied is a 403 that tells the client why."""
    response = handled(PermissionDenied("You do not recruit for this company."))

    assert response.status_code == 403
    assert response.data == {"detail": "You do not recruit for this company."}


def test_not_found_answers_404():
    """Http404 from a selector is a plain 404."""
    response = handled(Http404("No such posting."))

    assert response.status_code == 404


def test_other_exceptions_are_left_to_the_server_error_path():
    """Programming errors are not turned into client errors."""
    assert exception_handler(RuntimeError("boom"), {}) is None
