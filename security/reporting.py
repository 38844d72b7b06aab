"""Error reports (e-mails to ADMINS, the debug page) without case content.

Django's default filter hides only what looks like a password. Here every POST value
and every local variable in the traceback is hidden, always: a stack frame of a case
view holds the account of what happened in plain text."""

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter


class NoContentReportFilter(SafeExceptionReporterFilter):
    def is_active(self, request):
        return True

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        # The query string can hold search terms (names of office holders).
        for key in ("QUERY_STRING", "HTTP_REFERER", "HTTP_COOKIE"):
            if key in meta:
                meta[key] = self.cleansed_substitute
        return meta


class NoContentReporter(ExceptionReporter):
    """Also hides GET parameters (search terms), uploaded file names and the full URL's
    query string, which Django's reporter shows unfiltered."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        substitute = self.filter.cleansed_substitute
        if "request_GET_items" in data:
            data["request_GET_items"] = [(k, substitute) for k in self.request.GET]
            data["request_FILES_items"] = [(k, substitute) for k in self.request.FILES]
            data["request_insecure_uri"] = self.request.path
        return data
