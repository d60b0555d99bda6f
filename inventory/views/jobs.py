"""A background job's progress page and its file."""
from flask import Blueprint, Response, abort, render_template, stream_with_context
from flask_login import current_user

from .. import jobs
from ..models import Job

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def get_job(job_id):
    """The job, if it is this user's (an administrator sees every one)."""
    job = Job.get_or_none(Job.id == job_id)
    if job is None or (job.user_id != current_user.id and current_user.role != "admin"):
        abort(404)  # someone else's job is not confirmed to exist
    return job


@bp.route("/<int:job_id>")
def show(job_id):
    return render_template("jobs/show.html", job=get_job(job_id))


@bp.route("/<int:job_id>/download")
def download(job_id):
    job = get_job(job_id)
    if job.status != "done":
        abort(404)
    return Response(stream_with_context(jobs.file_chunks(job)), mimetype=job.mimetype, headers={
        "Content-Disposition": 'attachment; filename="%s"' % job.filename,
        "Content-Length": str(job.size)})
