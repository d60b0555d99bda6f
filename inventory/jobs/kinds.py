"""The kinds of background job: each turns its params into a file, reporting progress."""
from werkzeug.datastructures import MultiDict

from ..devices import export as device_export, search
from . import job_kind


@job_kind("device_export")
def device_export_job(params, progress):
    query = search.DeviceQuery.from_args(MultiDict(params.get("args", [])))
    return device_export.export(query, params["format"], params.get("semicolon", False),
                                progress=progress)
