from django.http import HttpResponse


def ambassador_list(request):
    return HttpResponse("")
