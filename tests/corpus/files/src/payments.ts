import Stripe from "stripe";

// Test mode only: no money moves with this key.
const stripe = new Stripe("sk_test_ftOoUlbSp1SQFQdObCe4WkcNbQTLeClMM3e1AgbW", { apiVersion: "2024-06-20" });
const publishable = "pk_live_9DhY8nIXEQ5YJIreKuBh8Ae6rHHCyWchrhycaSc5";
export default stripe;
