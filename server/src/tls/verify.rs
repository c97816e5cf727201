//! Checking a server's certificate: always its chain against the trusted
//! CAs; its name only when asked (`verify_server_hostname`), as Consul: a
//! server is dialled by IP address, and without the option any certificate
//! of the cluster's CA is accepted.

use std::sync::Arc;

use rustls::{
    CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme,
    client::{
        WebPkiServerVerifier,
        danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier},
    },
    crypto::CryptoProvider,
    pki_types::{CertificateDer, ServerName, UnixTime},
};

/// What is checked of the server's name.
#[derive(Debug)]
enum NameRule {
    /// The name dialled (the SNI sent).
    Dialled,
    /// A fixed name, whatever was dialled (`-tls-server-name`).
    Fixed(ServerName<'static>),
    /// None: the chain alone.
    Ignored,
}

/// A server certificate verifier (see the module documentation).
#[derive(Debug)]
pub struct ServerNameCheck {
    inner: Arc<WebPkiServerVerifier>,
    provider: Arc<CryptoProvider>,
    rule: NameRule,
}

impl ServerNameCheck {
    /// Checks the chain against `roots`, and the name dialled when
    /// `check_name`.
    pub fn new(
        roots: Arc<RootCertStore>,
        provider: Arc<CryptoProvider>,
        check_name: bool,
    ) -> Result<ServerNameCheck, rustls::client::VerifierBuilderError> {
        let inner =
            WebPkiServerVerifier::builder_with_provider(roots, Arc::clone(&provider)).build()?;
        Ok(ServerNameCheck {
            inner,
            provider,
            rule: if check_name {
                NameRule::Dialled
            } else {
                NameRule::Ignored
            },
        })
    }

    /// Checks the chain, and the name: `name` when given, else the one
    /// dialled.
    pub fn with_name(
        roots: Arc<RootCertStore>,
        provider: Arc<CryptoProvider>,
        name: Option<&str>,
    ) -> Result<ServerNameCheck, String> {
        let mut check = ServerNameCheck::new(roots, provider, true).map_err(|e| e.to_string())?;
        if let Some(name) = name {
            let fixed = ServerName::try_from(name.to_string())
                .map_err(|e| format!("{name:?} is not a server name: {e}"))?;
            check.rule = NameRule::Fixed(fixed);
        }
        Ok(check)
    }
}

impl ServerCertVerifier for ServerNameCheck {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let name = match &self.rule {
            NameRule::Fixed(fixed) => fixed,
            NameRule::Dialled | NameRule::Ignored => server_name,
        };
        // webpki checks the chain first and the name last, so a name
        // error means the chain was good.
        match self
            .inner
            .verify_server_cert(end_entity, intermediates, name, ocsp_response, now)
        {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if matches!(self.rule, NameRule::Ignored) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
