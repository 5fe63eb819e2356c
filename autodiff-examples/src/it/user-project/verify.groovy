// The build succeeded; check that Surefire really ran both test classes (an old Surefire runs none and succeeds).
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'XorTest did not run'
assert log =~ /Tests run: \d+, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [^\n]* in com\.example\.GradientProperties/ : 'GradientProperties did not run'
assert log =~ /Tests run: \d+, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: [^\n]* in com\.example\.XorTest/ : 'XorTest did not run'
return true
