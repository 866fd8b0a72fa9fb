//! A real SMTP server on 127.0.0.1 for the email sink's tests: the protocol
//! (EHLO, MAIL FROM, RCPT TO, DATA with dot-unstuffing, QUIT, reply codes)
//! is the `mailin` crate's state machine, driven over tokio sockets; each
//! message received is recorded with its envelope. Replies to RCPT TO and
//! to the end of DATA can be set to refuse mail (e.g. 550 or 451).

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub(crate) struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// The message (headers and body) after dot-unstuffing.
    pub data: Vec<u8>,
}

#[derive(Default)]
struct Shared {
    mails: Vec<ReceivedMail>,
    rcpt_reply: Option<(u16, String)>,
    data_end_reply: Option<(u16, String)>,
}

#[derive(Clone)]
pub(crate) struct SmtpServer {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
}

impl SmtpServer {
    pub(crate) async fn start() -> SmtpServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = Arc::clone(&shared);
        tokio::spawn(async move {
            while let Ok((stream, peer)) = listener.accept().await {
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    // A stuck client must not outlive the test.
                    let _ = tokio::time::timeout(
                        Duration::from_secs(30),
                        serve(stream, peer.ip(), state),
                    )
                    .await;
                });
            }
        });
        SmtpServer { addr, shared }
    }

    /// Reply to every RCPT TO with this code and text (e.g. 550 "user unknown").
    pub(crate) fn refuse_rcpt(&self, code: u16, text: &str) {
        self.shared.lock().expect("smtp state").rcpt_reply = Some((code, text.to_string()));
    }

    /// Reply to the end of DATA with this code and text (e.g. 451 "try later").
    pub(crate) fn refuse_data(&self, code: u16, text: &str) {
        self.shared.lock().expect("smtp state").data_end_reply = Some((code, text.to_string()));
    }

    pub(crate) fn mails(&self) -> Vec<ReceivedMail> {
        self.shared.lock().expect("smtp state").mails.clone()
    }

    /// Waits until `n` messages arrived or the timeout passes.
    pub(crate) async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let mails = self.mails();
            if mails.len() >= n || Instant::now() >= deadline {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

struct Recorder {
    shared: Arc<Mutex<Shared>>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Recorder {
    fn rcpt(&mut self, _to: &str) -> Response {
        match &self.shared.lock().expect("smtp state").rcpt_reply {
            Some((code, text)) => Response::custom(*code, text.clone()),
            None => mailin::response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_string();
        self.to = to.to_vec();
        self.data.clear();
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mut shared = self.shared.lock().expect("smtp state");
        if let Some((code, text)) = &shared.data_end_reply {
            return Response::custom(*code, text.clone());
        }
        shared.mails.push(ReceivedMail {
            from: self.from.clone(),
            to: self.to.clone(),
            data: std::mem::take(&mut self.data),
        });
        mailin::response::OK
    }
}

async fn serve(stream: tokio::net::TcpStream, peer: IpAddr, shared: Arc<Mutex<Shared>>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    let handler = Recorder {
        shared,
        from: String::new(),
        to: Vec::new(),
        data: Vec::new(),
    };
    let builder = SessionBuilder::new("feedwatch-test-smtp");
    let mut session = builder.build(peer, handler);
    if write_response(&mut write, &session.greeting())
        .await
        .is_err()
    {
        return;
    }
    let mut line = Vec::with_capacity(128);
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let data_end = line == b".\r\n";
        let response = session.process(&line);
        if data_end && response.is_error {
            // mailin stays in its DATA state after a refused message, which
            // RFC 5321 does not; end the session instead, as real servers
            // may, so the client is not left waiting.
            let _ = write_response(&mut write, &response).await;
            return;
        }
        match response.action {
            Action::NoReply => {}
            Action::Reply => {
                if write_response(&mut write, &response).await.is_err() {
                    return;
                }
            }
            Action::Close | Action::UpgradeTls => {
                let _ = write_response(&mut write, &response).await;
                return;
            }
        }
    }
}

async fn write_response(
    write: &mut tokio::net::tcp::OwnedWriteHalf,
    response: &Response,
) -> std::io::Result<()> {
    let bytes = response.buffer()?;
    write.write_all(&bytes).await?;
    write.flush().await
}
