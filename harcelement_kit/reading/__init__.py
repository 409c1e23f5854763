"""Reading the class's answers from images: answer cards seen by a camera."""
