"""Exercise checks, one module per lesson: from poscourse.exercises import ex01 as check."""
