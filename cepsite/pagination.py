"""
Pagination that forgives what readers and crawlers type into ``?page=``.

Django's own ``ListView`` answers a page it cannot find with a 404, and a
``page`` that is not a number likewise. Old links and hand-edited URLs are
common on a public site, so here a bad value shows the first page and a
page past the end shows the last one, each with a message saying so.
"""

from django.core.paginator import Page, Paginator

# Digits beyond this are certainly past the end; refusing them early keeps
# int() away from 10 KB strings of digits.
_MAX_PAGE_DIGITS = 9


class SitePage(Page):
    @property
    def elided_page_range(self):
        """Page numbers around this one, with ``Paginator.ELLIPSIS`` in gaps."""
        return self.paginator.get_elided_page_range(self.number, on_each_side=2)


class SitePaginator(Paginator):
    def _get_page(self, *args, **kwargs):
        return SitePage(*args, **kwargs)


def _message(raw, paginator, page):
    """What to tell the reader about the ``page`` asked for, if anything."""
    text = (raw or "").strip()
    if not text or text == "last":
        return ""
    if not text.isascii() or not text.isdigit():
        return "That page number was not understood; showing the first page."
    if int(text[: _MAX_PAGE_DIGITS + 1]) < 1:
        return "Page numbers start at 1; showing the first page."
    if page.number == paginator.num_pages and text != str(page.number):
        # With nothing to list, the empty page speaks for itself.
        if not paginator.count:
            return ""
        if paginator.num_pages > 1:
            return f"There are only {paginator.num_pages} pages; showing the last one."
        return "There is only one page; showing it."
    return ""


def paginate(object_list, per_page, page_value, *, orphans=0):
    """
    Return ``(paginator, page, message)`` for ``object_list``.

    ``page_value`` is the raw ``page`` parameter. Whatever it holds, a page
    comes back (``Paginator.get_page``): the first one for nonsense, the last
    one for a number past the end or "last", and ``message`` tells the reader
    which happened.
    """
    paginator = SitePaginator(object_list, per_page, orphans=orphans)
    text = (page_value or "").strip()
    if not (text.isascii() and text.isdigit()):
        number = paginator.num_pages if text == "last" else 1
    elif len(text) > _MAX_PAGE_DIGITS:
        number = paginator.num_pages
    else:
        number = max(1, int(text))
    page = paginator.get_page(number)
    return paginator, page, _message(page_value, paginator, page)


class ForgivingPaginationMixin:
    """
    For ``ListView``: paginate with :func:`paginate`, and put the message in
    the context as ``page_message`` for ``includes/pagination.html``.
    """

    page_message = ""

    def paginate_queryset(self, queryset, page_size):
        paginator, page, self.page_message = paginate(
            queryset,
            page_size,
            self.request.GET.get(self.page_kwarg),
            orphans=self.get_paginate_orphans(),
        )
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_message"] = self.page_message
        return context
