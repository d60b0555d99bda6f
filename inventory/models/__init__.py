"""The records of DESIGN.md; no request code here."""
from .base import BaseModel, JSONField, now  # noqa: F401
from .base import *  # noqa: F401,F403  (field choices)
from .people import Beneficiary, Donor, LoginFailure, Partner, User
from .devices import Counter, Device, Donation, Event, RecyclingBatch
from .workshop import Check, ChecklistVersion, Erasure, ErasureLog, PartUsed, RemovedDrive
from .handover import Handover, Request, TermsText
from .records import Document, DonorLink, PurgeRun, Target
from .imports import ImportFile
from .jobs import Job, JobChunk

ALL_MODELS = (
    User, LoginFailure, Donor, Partner, Beneficiary, Counter, Donation, RecyclingBatch, Device,
    Event, ErasureLog, Erasure, RemovedDrive, ChecklistVersion, Check, PartUsed, Request,
    TermsText, Handover, Document, DonorLink, Target, PurgeRun, ImportFile, Job, JobChunk,
)
