//! Reading the API's answers (values from `JSON.parse`) into core's wire types, and
//! building request bodies as JS objects for `JSON.stringify`.
//!
//! Hand-written instead of serde: the derive visitors plus a JSON parser cost the panel
//! ~25 kB of brotli-compressed wasm, serde-wasm-bindgen ~17 kB more than these few
//! functions (measured, see BENCHMARKS.md). The field names are written here a second time
//! next to core's serde types, so a test decodes every fixture of the wire contract with
//! both and compares (src/tests/decode.rs).
//!
//! Answers are read leniently where core's serde is strict (a subscription ID in another
//! spelling is normalised, not refused): the panel shows what the API says.

use js_sys::{Array, Object, Reflect};
use privatelink_core::wire::{
    AwsConnection, AwsConnectionList, AwsPrivatelink, AzurePrivatelink, AzurePrivatelinkConnection,
    Component, ConnectionList, ConnectionState, GoogleConnection, GoogleConnectionList,
    GooglePrivatelink, PrivatelinkState, Route, Service, ServiceEnvelope, ServiceState,
};
use privatelink_core::{
    AwsPrincipal, ConnectionId, EndpointIp, PrincipalList, SubscriptionId, SubscriptionList,
};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// A type read from a parsed JSON value; `Err` names the field that is wrong.
pub trait FromJs: Sized {
    fn from_js(v: &JsValue) -> Result<Self, String>;
}

fn field(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn wrong(key: &str, what: &str) -> String {
    let mut s = String::from(key);
    s.push_str(" is missing or not ");
    s.push_str(what);
    s
}

fn string(v: &JsValue, key: &str) -> Result<String, String> {
    field(v, key)
        .as_string()
        .ok_or_else(|| wrong(key, "a string"))
}

fn opt_string(v: &JsValue, key: &str) -> Result<Option<String>, String> {
    let f = field(v, key);
    if f.is_null() || f.is_undefined() {
        return Ok(None);
    }
    f.as_string()
        .map(Some)
        .ok_or_else(|| wrong(key, "a string"))
}

fn array(v: &JsValue, key: &str) -> Result<Array, String> {
    let f = field(v, key);
    if Array::is_array(&f) {
        Ok(f.unchecked_into())
    } else {
        Err(wrong(key, "a list"))
    }
}

fn list<T: FromJs>(v: &JsValue, key: &str) -> Result<Vec<T>, String> {
    let a = array(v, key)?;
    let mut out = Vec::with_capacity(a.length() as usize);
    for item in a.iter() {
        out.push(T::from_js(&item)?);
    }
    Ok(out)
}

impl FromJs for AzurePrivatelink {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        let mut subs = Vec::new();
        for s in array(v, "user_subscription_ids")?.iter() {
            let s = s
                .as_string()
                .ok_or_else(|| wrong("user_subscription_ids", "a list of strings"))?;
            subs.push(SubscriptionId::parse(&s).map_err(|e| e.to_string())?);
        }
        Ok(AzurePrivatelink {
            azure_service_alias: opt_string(v, "azure_service_alias")?,
            azure_service_id: opt_string(v, "azure_service_id")?,
            state: PrivatelinkState::from_wire(&string(v, "state")?),
            user_subscription_ids: SubscriptionList(subs),
        })
    }
}

impl FromJs for AzurePrivatelinkConnection {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        Ok(AzurePrivatelinkConnection {
            privatelink_connection_id: connection_id(v, "privatelink_connection_id")?,
            private_endpoint_id: string(v, "private_endpoint_id")?,
            state: ConnectionState::from_wire(&string(v, "state")?),
            user_ip_address: opt_ip(v, "user_ip_address")?,
        })
    }
}

/// `GET …/privatelink/azure/connections`: the list inside its wrapper.
impl FromJs for ConnectionList {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        list(v, "connections").map(|connections| ConnectionList { connections })
    }
}

fn connection_id(v: &JsValue, key: &str) -> Result<ConnectionId, String> {
    ConnectionId::parse(&string(v, key)?).map_err(|e| e.to_string())
}

fn opt_ip(v: &JsValue, key: &str) -> Result<Option<EndpointIp>, String> {
    opt_string(v, key)?
        .map(|ip| EndpointIp::parse(&ip).map_err(|e| e.to_string()))
        .transpose()
}

impl FromJs for AwsPrivatelink {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        let mut principals = Vec::new();
        for p in array(v, "principals")?.iter() {
            let p = p
                .as_string()
                .ok_or_else(|| wrong("principals", "a list of strings"))?;
            principals.push(AwsPrincipal::parse(&p).map_err(|e| e.to_string())?);
        }
        Ok(AwsPrivatelink {
            aws_service_id: opt_string(v, "aws_service_id")?,
            aws_service_name: opt_string(v, "aws_service_name")?,
            principals: PrincipalList(principals),
            state: PrivatelinkState::from_wire(&string(v, "state")?),
        })
    }
}

impl FromJs for AwsConnection {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        Ok(AwsConnection {
            dns_name: string(v, "dns_name")?,
            privatelink_connection_id: opt_string(v, "privatelink_connection_id")?
                .map(|id| ConnectionId::parse(&id).map_err(|e| e.to_string()))
                .transpose()?,
            state: ConnectionState::from_wire(&string(v, "state")?),
            vpc_endpoint_id: string(v, "vpc_endpoint_id")?,
        })
    }
}

/// `GET …/privatelink/aws/connections`.
impl FromJs for AwsConnectionList {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        list(v, "connections").map(|connections| AwsConnectionList { connections })
    }
}

impl FromJs for GooglePrivatelink {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        Ok(GooglePrivatelink {
            google_service_attachment: opt_string(v, "google_service_attachment")?,
            state: PrivatelinkState::from_wire(&string(v, "state")?),
        })
    }
}

impl FromJs for GoogleConnection {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        Ok(GoogleConnection {
            privatelink_connection_id: connection_id(v, "privatelink_connection_id")?,
            psc_connection_id: string(v, "psc_connection_id")?,
            state: ConnectionState::from_wire(&string(v, "state")?),
            user_ip_address: opt_ip(v, "user_ip_address")?,
        })
    }
}

/// `GET …/privatelink/google/connections`.
impl FromJs for GoogleConnectionList {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        list(v, "connections").map(|connections| GoogleConnectionList { connections })
    }
}

impl FromJs for Component {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        let port = field(v, "port")
            .as_f64()
            .filter(|p| p.fract() == 0.0 && (0.0..=65535.0).contains(p))
            .ok_or_else(|| wrong("port", "a port number"))? as u16;
        Ok(Component {
            component: string(v, "component")?,
            host: string(v, "host")?,
            port,
            route: Route::from_wire(&string(v, "route")?),
            usage: opt_string(v, "usage")?,
            ssl: field(v, "ssl").as_bool(),
            privatelink_connection_id: opt_string(v, "privatelink_connection_id")?
                .map(|id| ConnectionId::parse(&id).map_err(|e| e.to_string()))
                .transpose()?,
            kafka_authentication_method: opt_string(v, "kafka_authentication_method")?,
        })
    }
}

/// A JSON value as serde_json holds it (for `user_config`, which is free-form).
fn value(v: &JsValue) -> Value {
    if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = v.as_f64() {
        // Whole numbers as integers, as serde_json reads them from text.
        if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
            if n >= 0.0 {
                Value::Number(Number::from(n as u64))
            } else {
                Value::Number(Number::from(n as i64))
            }
        } else {
            Number::from_f64(n).map_or(Value::Null, Value::Number)
        }
    } else if let Some(s) = v.as_string() {
        Value::String(s)
    } else if Array::is_array(v) {
        Value::Array(Array::from(v).iter().map(|x| value(&x)).collect())
    } else if v.is_object() {
        Value::Object(object(v))
    } else {
        Value::Null
    }
}

fn object(v: &JsValue) -> Map<String, Value> {
    let mut out = Map::new();
    for entry in Object::entries(v.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        if let Some(k) = pair.get(0).as_string() {
            out.insert(k, value(&pair.get(1)));
        }
    }
    out
}

impl FromJs for Service {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        let config = field(v, "user_config");
        Ok(Service {
            service_name: string(v, "service_name")?,
            service_type: string(v, "service_type")?,
            plan: string(v, "plan")?,
            cloud_name: string(v, "cloud_name")?,
            project_vpc_id: opt_string(v, "project_vpc_id")?,
            state: ServiceState::from_wire(&string(v, "state")?),
            user_config: if config.is_object() {
                object(&config)
            } else {
                Map::new()
            },
            components: if field(v, "components").is_undefined() {
                vec![]
            } else {
                list(v, "components")?
            },
            service_uri: opt_string(v, "service_uri")?,
            create_time: opt_string(v, "create_time")?,
            update_time: opt_string(v, "update_time")?,
        })
    }
}

/// `GET/PUT …/service/{service}`: the service inside its mandatory wrapper.
impl FromJs for ServiceEnvelope {
    fn from_js(v: &JsValue) -> Result<Self, String> {
        let s = field(v, "service");
        if !s.is_object() {
            return Err(wrong("service", "an object"));
        }
        Service::from_js(&s).map(|service| ServiceEnvelope { service })
    }
}

/// An answer whose body the panel does not read (refresh answers `{}`).
pub struct Ignored;

impl FromJs for Ignored {
    fn from_js(_: &JsValue) -> Result<Self, String> {
        Ok(Ignored)
    }
}

/// The `message` of the API's error body, if it has one.
pub fn error_message(v: &JsValue) -> Option<String> {
    field(v, "message").as_string()
}

/// The `error_code` of an error body's first `errors` item, if any.
pub fn error_code(v: &JsValue) -> Option<String> {
    let errors = field(v, "errors");
    if !Array::is_array(&errors) {
        return None;
    }
    field(&Array::from(&errors).get(0), "error_code").as_string()
}

/// A JS object with the given fields, for a request body.
pub fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// A JS array of strings.
pub fn strings<S: AsRef<str>>(items: &[S]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s.as_ref()))
        .collect::<Array>()
        .into()
}
