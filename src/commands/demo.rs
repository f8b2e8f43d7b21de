//! `kakou demo`: placeholder until the demo module lands.
