from graphene_django.views import GraphQLView as _Base


class GraphQLView(_Base):
    pass
