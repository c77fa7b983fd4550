from django.urls import path

from . import picture_views, views

urlpatterns = [
    path("timeline/", views.timeline, name="timeline"),
    path("timeline/add/", views.timeline_add, name="timeline_add"),
    path("timeline/birth-year/", views.timeline_birth_year, name="timeline_birth_year"),
    path("timeline/<int:pk>/edit/", views.timeline_edit, name="timeline_edit"),
    path("timeline/<int:pk>/delete/", views.timeline_delete, name="timeline_delete"),
    path("timeline/break/", views.take_a_break, name="history_break"),
    path("family/", views.family, name="family"),
    path("family/start/", views.family_start, name="family_start"),
    path("family/people/add/", views.family_person_add, name="family_person_add"),
    path("family/people/<int:pk>/", views.family_person_edit, name="family_person_edit"),
    path("family/people/<int:pk>/delete/", views.family_person_delete, name="family_person_delete"),
    path("family/couples/add/", views.family_union_add, name="family_union_add"),
    path("family/couples/<int:pk>/", views.family_union_edit, name="family_union_edit"),
    path("family/couples/<int:pk>/delete/", views.family_union_delete, name="family_union_delete"),
    path("family/children/add/", views.family_child_add, name="family_child_add"),
    path("family/children/<int:pk>/delete/", views.family_child_delete, name="family_child_delete"),
    path("family/lines/add/", views.family_line_add, name="family_line_add"),
    path("family/lines/<int:pk>/delete/", views.family_line_delete, name="family_line_delete"),
    path("picture/", picture_views.my_picture, name="picture"),
    path("picture/of/<int:owner_id>/", picture_views.shared_picture, name="picture_shared"),
]
