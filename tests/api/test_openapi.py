"""The OpenAPI schema is served as JSON and lists every endpoint."""

import json


def test_openapi_schema_is_valid_json_with_the_paths(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Metodset API"
    assert set(schema["paths"]) >= {
        "/api/me",
        "/api/networks",
        "/api/networks/{network_id}",
        "/api/networks/{network_id}/organizations",
        "/api/organizations/{organization_id}",
        "/api/organizations/{organization_id}/people",
        "/api/people/{person_id}",
    }
    parameters = {
        p["name"]
        for p in schema["paths"]["/api/networks/{network_id}/organizations"]["get"]["parameters"]
    }
    assert {"region", "kind", "q", "page", "page_size"} <= parameters
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


def test_api_docs_page_is_served(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
    assert b"/static/ninja/swagger-ui-bundle.js" in response.content  # no CDN at run time
    assert b"cdn.jsdelivr.net" not in response.content
