"""The ground floor every app shares and no app owns: it imports no other app of this project.

Today it holds the one spreadsheet writer (`foundation.spreadsheets`): every CSV and XLSX the site
produces is written by it, so no export can put a live formula in front of the person who opens it.
"""
