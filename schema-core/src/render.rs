//! Operations rendered as SQL per dialect (being written; see issue 4).
