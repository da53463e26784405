"""Assessment campaigns: who is assessed against which framework, with which instruments, when;
the campaign opened, changed and closed."""
