//! The test harness itself: a request to a server that never answers fails in bounded time
//! instead of hanging the suite.

mod common;

#[tokio::test]
async fn a_request_to_a_silent_server_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let mut held = vec![];
        for s in listener.incoming() {
            held.push(s);
        }
    });
    let browser = common::Browser::new(&format!("http://{addr}"));
    let started = std::time::Instant::now();
    let outcome = tokio::spawn(async move { browser.get("/").await }).await;
    assert!(outcome.is_err(), "the request failed instead of hanging");
    assert!(started.elapsed() < std::time::Duration::from_secs(40));
}
