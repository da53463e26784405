from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_routes(request):
    return render(request, "routes/mine.html", {"routes": []})
