"""Online modules: catalogue, courses, lessons, H5P packages and player, xAPI intake, progress, assessments, evaluation."""
