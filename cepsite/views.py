"""Views shared by the whole site."""


class PreviewMixin:
    """
    Detail views serve published items to everyone, and anything to staff
    who may change it, so an editor can open a draft's URL and see it.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if user.is_authenticated and user.is_staff:
            return queryset
        return queryset.published()
