/**
 * The one HTML page (index.html) serves both apps: the gateway sends it at /explorer/ and at /registry/, and the path
 * picks the app, each in its own chunk (the register does not load the explorer, nor the explorer Chart.js).
 */
if (location.pathname.startsWith('/registry')) void import('./registry');
else void import('./explorer');
