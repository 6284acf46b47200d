"""The portal's own date and number formats where Django's differ (FORMAT_MODULE_PATH); every other
format, and every other language's, is Django's."""
