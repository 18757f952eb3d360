"""SCORM 1.2 and 2004 packages: upload, play on a content origin of their own, and track the CMI data model."""
