"""The ground floor every app shares and no app owns: it imports no other app of this project.

It holds the one spreadsheet writer (`spreadsheets`: no export can put a live formula in front of the
person who opens it), plain SQL reads for the hottest pages (`plain_sql`), the base of files built in the
background (`background_exports`), the base of every service's refusal (`errors.ServiceError`) and row
locks that give up with a clear message instead of waiting for ever (`locking`).
"""
