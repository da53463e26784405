"""How operations that answer with an uploaded file describe themselves in the schema.

The file itself goes out through ``core.uploads.file_response`` after the router's own check,
as on the pages; its type is the file's, so the schema names any type.
"""

FILE_RESPONSES = {
    "responses": {
        200: {
            "description": "The file: PDFs and pictures inline, anything else as an attachment",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        },
        404: {"description": "No such file, or one the caller may not see"},
    }
}
