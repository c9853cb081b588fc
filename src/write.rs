//! Write: puts the built files into output/ atomically.
