//! Fault loops.
