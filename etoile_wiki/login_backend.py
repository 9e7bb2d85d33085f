"""
Login throttling's authentication backend (django-axes), for web logins only.

Axes counts guesses by the address and name of a request, and refuses to run
without one. Every web login has a request (the admin's form passes it); a
login without one (the test client's `login()`, `authenticate()` in a shell)
comes from someone already inside, with no address to count, so it is left to
the next backend instead of failing.
"""

from axes.backends import AxesStandaloneBackend


class WebLoginThrottle(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
